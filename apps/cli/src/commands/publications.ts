import { createWriteStream } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CLI_ADMIN, CliError, clientAs, orFail } from '../http-client';
import { demoUsers } from './play';

type Flags = Map<string, string | true>;

export const PUBLICATION_USAGE = {
  publish: 'usage: npm run cli -- publish --department "<name>" [--year Y] [--reason TEXT] [--exclude SHEET_ID=REASON[,SHEET_ID=REASON]]',
  publications: 'usage: npm run cli -- publications --department "<name>" [--year Y] [--json]',
  export: 'usage: npm run cli -- export --department "<name>" --published N --format txt|csv|xlsx|html [--year Y] --out <file>',
  diff: 'usage: npm run cli -- diff --department "<name>" --from vN --to vM [--year Y]   (or --published --from N --to M)',
} as const;

export function value(flags: Flags, name: string, usage: string, required: true): string;
export function value(flags: Flags, name: string, usage: string, required?: false): string | undefined;
export function value(flags: Flags, name: string, usage: string, required = false): string | undefined {
  const v = flags.get(name);
  if (v === undefined && !required) return undefined;
  if (typeof v !== 'string' || v.trim() === '') throw new CliError(`--${name} ${v === undefined ? 'is required' : 'needs a value'}\n${usage}`, 2);
  return v;
}

function versionOf(text: string, name: string, usage: string): number {
  const m = /^v?(\d{1,6})$/i.exec(text.trim());
  if (!m || Number(m[1]) < 1) throw new CliError(`--${name} must be a published version (1, 2, … or v1, v2, …)\n${usage}`, 2);
  return Number(m[1]);
}

/** The department by name (or id) and the year: the given one, else the latest with approved sheets (or, for `latest`, the latest). */
export async function scope(flags: Flags, usage: string, defaultYear: 'approved' | 'latest' = 'approved'): Promise<{ departmentId: string; name: string; fiscalYear: number }> {
  const wanted = value(flags, 'department', usage, true).trim();
  const year = value(flags, 'year', usage);
  if (year !== undefined && !/^\d{4}$/.test(year)) throw new CliError(`--year must be a four-digit year\n${usage}`, 2);
  const { items } = await orFail(clientAs(CLI_ADMIN).report.departments());
  const department = items.find((d) => d.name === wanted || d.departmentId === wanted);
  if (!department) throw new CliError(`no department named “${wanted}”; known: ${items.map((d) => d.name).join('、') || '(none)'}`);
  const years = department.fiscalYears;
  const fallback = defaultYear === 'latest' ? years.at(-1) : (years.filter((y) => y.approved > 0).at(-1) ?? years.at(-1));
  const fiscalYear = year !== undefined ? Number(year) : (fallback?.fiscalYear ?? new Date().getFullYear());
  return { departmentId: department.departmentId, name: department.name, fiscalYear };
}

function exclusions(flags: Flags): { sheetId: string; reason: string }[] {
  const text = value(flags, 'exclude', PUBLICATION_USAGE.publish);
  if (text === undefined) return [];
  return text.split(',').map((pair) => {
    const eq = pair.indexOf('=');
    if (eq <= 0 || pair.slice(eq + 1).trim() === '') throw new CliError(`--exclude takes SHEET_ID=REASON, got “${pair}”\n${PUBLICATION_USAGE.publish}`, 2);
    return { sheetId: pair.slice(0, eq).trim(), reason: pair.slice(eq + 1).trim() };
  });
}

/** publish: the department reviewer publishes the year's table (a correction from version 2 on, with --reason). */
export async function publish(flags: Flags): Promise<number> {
  const { departmentId, name, fiscalYear } = await scope(flags, PUBLICATION_USAGE.publish);
  const reason = value(flags, 'reason', PUBLICATION_USAGE.publish);
  const answer = await orFail(
    clientAs(demoUsers(departmentId).reviewer, { timeoutMs: 600_000 }).publications.publish({
      departmentId,
      body: { fiscalYear, exclusions: exclusions(flags), ...(reason !== undefined ? { reason } : {}) },
    }),
  );
  console.log(`${name} ${fiscalYear}: ${answer.label} version ${answer.version}, checksum ${answer.checksum} (log position ${answer.globalPosition})`);
  return 0;
}

/** publications: the published versions of the year, who and when. */
export async function listPublications(flags: Flags): Promise<number> {
  const { departmentId, name, fiscalYear } = await scope(flags, PUBLICATION_USAGE.publications);
  const list = await orFail(clientAs(CLI_ADMIN).publications.list({ departmentId, query: { fiscalYear: String(fiscalYear) } }));
  if (flags.get('json') === true) {
    console.log(JSON.stringify(list, null, 2));
    return 0;
  }
  if (list.items.length === 0) console.log(`${name} ${fiscalYear}: nothing published yet`);
  for (const v of list.items) {
    console.log(`v${v.version} ${v.label} ${v.at} by ${v.by}: ${v.projects} projects, ${v.excluded} excluded, checksum ${v.checksum}${v.reason ? `, reason: ${v.reason}` : ''}`);
  }
  return 0;
}

/** export --published N: that version exactly as it was published, written under a temporary name and renamed. */
export async function exportPublished(flags: Flags): Promise<number> {
  const usage = PUBLICATION_USAGE.export;
  const version = versionOf(value(flags, 'published', usage, true), 'published', usage);
  const format = value(flags, 'format', usage, true) as 'txt' | 'csv' | 'xlsx' | 'html';
  const out = value(flags, 'out', usage, true);
  const { departmentId, fiscalYear } = await scope(flags, usage);
  const file = await orFail(clientAs(CLI_ADMIN, { timeoutMs: 600_000 }).publications.export({ departmentId, version: String(version), query: { fiscalYear: String(fiscalYear), format } }));
  const partial = `${out}.part`;
  try {
    await pipeline(Readable.fromWeb(file.blob.stream() as WebReadableStream<Uint8Array>), createWriteStream(partial));
    await rename(partial, out);
  } catch (e) {
    await rm(partial, { force: true });
    throw new CliError(`export to ${out} failed: ${(e as Error).message}`);
  }
  console.log(`wrote ${out}: published version ${version}, ${format}, ${(await stat(out)).size} bytes, fiscal year ${fiscalYear}, checksum ${file.headers.get('x-report-checksum') ?? '?'}`);
  const exportId = file.headers.get('x-report-export-id');
  if (exportId) {
    const sig = await orFail(clientAs(CLI_ADMIN).report.exportSignature({ exportId }));
    await writeFile(`${out}.sig`, `${JSON.stringify(sig, null, 2)}\n`);
    console.log(`wrote ${out}.sig: signature of export ${exportId}; check it offline with: npm run cli -- verify-file ${out} --public-key <reporting public key>`);
  }
  return 0;
}

/** Whether a diff compares published versions: --published, or --from/--to written as v1, v2. */
export function isPublishedDiff(flags: Flags): boolean {
  const from = flags.get('from');
  return flags.get('published') !== undefined || (typeof from === 'string' && /^v\d+$/i.test(from.trim()));
}

/** diff between two published versions (JSON on stdout). */
export async function diffPublished(flags: Flags): Promise<number> {
  const usage = PUBLICATION_USAGE.diff;
  const from = versionOf(value(flags, 'from', usage, true), 'from', usage);
  const to = versionOf(value(flags, 'to', usage, true), 'to', usage);
  const { departmentId, fiscalYear } = await scope(flags, usage);
  const diff = await orFail(clientAs(CLI_ADMIN).publications.diff({ departmentId, query: { fiscalYear: String(fiscalYear), from: String(from), to: String(to) } }));
  console.log(JSON.stringify(diff, null, 2));
  return 0;
}
