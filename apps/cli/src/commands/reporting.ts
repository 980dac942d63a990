import { createWriteStream } from 'node:fs';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { CLI_ADMIN, CliError, clientAs, orFail, SERVICES, tokenFor } from '../http-client';

type Flags = Map<string, string | true>;

const USAGE = {
  export: 'usage: npm run cli -- export --department "<name>" --format txt|csv|xlsx|html [--year Y] [--as-of <ISO-8601 time>] [--metadata] --out <file>',
  diff: 'usage: npm run cli -- diff --department "<name>" --from <time> --to <time> [--year Y]',
} as const;

function text(flags: Flags, name: string, usage: string): string {
  const value = flags.get(name);
  if (typeof value !== 'string' || value.trim() === '') throw new CliError(`--${name} is required\n${usage}`, 2);
  return value;
}

function optional(flags: Flags, name: string, usage: string): string | undefined {
  const value = flags.get(name);
  if (value === undefined) return undefined;
  if (value === true || value.trim() === '') throw new CliError(`--${name} needs a value\n${usage}`, 2);
  return value;
}

function year(flags: Flags, usage: string): string | undefined {
  const value = optional(flags, 'year', usage);
  if (value !== undefined && !/^\d{4}$/.test(value)) throw new CliError(`--year must be a four-digit year\n${usage}`, 2);
  return value;
}

function query(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return q.toString();
}

/** The service's error body as one line: status, code and the Chinese message. */
function errorLine(status: number, body: string): string {
  try {
    const parsed = JSON.parse(body) as { code?: string; message?: string; fieldErrors?: { field: string; message: string }[] };
    const fields = parsed.fieldErrors?.filter((f) => !parsed.message?.includes(f.message)).map((f) => `\n  ${f.field}: ${f.message}`) ?? [];
    return `reporting answered ${status}: ${parsed.code ?? ''} ${parsed.message ?? ''}${fields.join('')}`.replace(/\s+\n/g, '\n').trim();
  } catch {
    return `reporting answered ${status}: ${body.slice(0, 500)}`;
  }
}

/**
 * export: the consolidated table as a file, streamed from the service to `--out` (written under a
 * temporary name and renamed, so a failed download never leaves a half file behind).
 */
export async function exportTable(flags: Flags): Promise<number> {
  const department = text(flags, 'department', USAGE.export);
  const format = text(flags, 'format', USAGE.export);
  const out = text(flags, 'out', USAGE.export);
  const metadataFlag = flags.get('metadata');
  const metadata = metadataFlag === undefined ? undefined : metadataFlag === true ? 'true' : metadataFlag;
  const path = `/export?${query({ department, format, fiscalYear: year(flags, USAGE.export), asOf: optional(flags, 'as-of', USAGE.export), metadata })}`;
  let res: Response;
  try {
    res = await fetch(`${SERVICES.reporting}${path}`, { headers: { authorization: `Bearer ${tokenFor(CLI_ADMIN)}` }, signal: AbortSignal.timeout(600_000) });
  } catch (e) {
    throw new CliError(`reporting is not reachable at ${SERVICES.reporting} (${(e as Error).message}). Is it running? Try: npm start`);
  }
  if (!res.ok || !res.body) throw new CliError(errorLine(res.status, await res.text()));
  const partial = `${out}.part`;
  try {
    await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), createWriteStream(partial));
    await rename(partial, out);
  } catch (e) {
    await rm(partial, { force: true });
    throw new CliError(`export to ${out} failed: ${(e as Error).message}`);
  }
  const size = (await stat(out)).size;
  const h = (name: string): string => res.headers.get(name) ?? '?';
  console.log(
    `wrote ${out}: ${format}, ${size} bytes, fiscal year ${h('x-report-fiscal-year')}, as of log position ${h('x-report-position')} (generation ${h('x-report-generation')}), checksum ${h('x-report-checksum')}`,
  );
  const exportId = res.headers.get('x-report-export-id');
  if (exportId) {
    const sig = await orFail(clientAs(CLI_ADMIN).report.exportSignature({ exportId }));
    await writeFile(`${out}.sig`, `${JSON.stringify(sig, null, 2)}\n`);
    console.log(`wrote ${out}.sig: signature of export ${exportId} (checkpoint ${h('x-report-checkpoint')}); check it offline with: npm run cli -- verify-file ${out} --public-key <reporting public key>`);
  }
  return 0;
}

/** diff: what changed in the table between two moments, as JSON on stdout. */
export async function diffTables(flags: Flags): Promise<number> {
  const department = text(flags, 'department', USAGE.diff);
  const from = text(flags, 'from', USAGE.diff);
  const to = text(flags, 'to', USAGE.diff);
  const fiscalYear = year(flags, USAGE.diff);
  const diff = await orFail(clientAs(CLI_ADMIN, { timeoutMs: 600_000 }).report.diff({ query: { department, from, to, ...(fiscalYear !== undefined ? { fiscalYear } : {}) } }));
  console.log(JSON.stringify(diff, null, 2));
  return 0;
}

/** Exit code of verify when a chain is broken (1 stays for "could not verify"). */
export const BROKEN_CHAIN_EXIT = 3;

/** verify: exit 0 when every hash chain of the reporting copy holds; else 3 and the first broken link. */
export async function verifyChains(flags: Flags): Promise<number> {
  const v = await orFail(clientAs(CLI_ADMIN, { timeoutMs: 600_000 }).report.verify());
  if (flags.get('json') === true) {
    console.log(JSON.stringify(v, null, 2));
  } else if (v.ok) {
    console.log(`every hash chain holds: ${v.streamsChecked} streams, ${v.eventsChecked} events up to log position ${v.position} (generation ${v.generation}, ${v.durationMs} ms)`);
    const c = v.checkpoints;
    console.log(
      c.checkpointsChecked > 0
        ? `and matches the signed checkpoints: ${c.checkpointsChecked} checkpoints, ${c.scopesChecked} scopes, ${c.headsChecked} signed heads (latest #${c.latest?.id ?? '-'} at ${c.latest?.signedAt ?? '-'})`
        : 'no signed checkpoint yet: npm run cli -- checkpoint signs one now',
    );
  } else if (v.chainsOk) {
    const p = v.checkpoints.firstProblem;
    console.log(`REWRITTEN: the chains are consistent, but not the history that was signed: ${v.summary}`);
    if (p) console.log(`first mismatch: checkpoint #${p.checkpointId}, stream ${p.streamId ?? '-'} version ${p.streamVersion ?? '-'}, ${p.reason} (signed ${p.signedHash ?? '-'}, found ${p.actualHash ?? 'nothing'})`);
  } else {
    const b = v.firstBroken;
    console.log(`BROKEN after ${v.eventsChecked} events: ${v.summary}`);
    if (b) {
      console.log(`first broken link: stream ${b.streamId} version ${b.streamVersion}, event ${b.eventId ?? '(missing)'}${b.type ? ` (${b.type})` : ''}, ` + `log position ${b.position ?? '-'}, ${b.reason}`);
    }
  }
  return v.ok ? 0 : BROKEN_CHAIN_EXIT;
}

const RUNNING = new Set(['copying', 'waiting_for_live', 'comparing']);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * rebuild: starts a rebuild of the reporting projection from offset 0 of the Kafka topics, shows
 * its progress, then the checksum comparison with the live table; exit 0 once switched over.
 */
export async function rebuildProjection(flags: Flags): Promise<number> {
  const json = flags.get('json') === true;
  const say = (line: string): void => {
    if (json) console.error(line);
    else console.log(line);
  };
  const admin = clientAs(CLI_ADMIN);
  const started = await orFail(admin.admin.startRebuild());
  say(`rebuild ${started.rebuildId} into generation ${started.generation} started`);
  let report = started;
  let last = '';
  for (;;) {
    const p = report.progress;
    const line = `[${report.status}] ${p.messagesDone}/${p.messagesTotal} messages (${p.percent.toFixed(1)}%), ${p.eventsCopied} events copied`;
    if (line !== last) {
      say(line);
      last = line;
    }
    if (!RUNNING.has(report.status)) break;
    await sleep(500);
    report = await orFail(admin.admin.rebuildStatus());
    if (report.rebuildId !== started.rebuildId) throw new CliError(`another rebuild (${report.rebuildId}) replaced this one`);
  }
  const c = report.comparison;
  if (c) {
    say(`live     generation ${c.live.generation}: ${c.live.events} events, ${c.live.tables.length} tables, checksum ${c.live.checksum}`);
    say(`rebuilt  generation ${c.rebuilt.generation}: ${c.rebuilt.events} events, ${c.rebuilt.tables.length} tables, checksum ${c.rebuilt.checksum}`);
    say(`checksums ${c.equal ? 'equal' : 'DIFFER'}${c.carriedOverFromLive > 0 ? ` (${c.carriedOverFromLive} newer events carried over from the live copy)` : ''}`);
    for (const d of c.differences) say(`  ${d.departmentId} ${d.fiscalYear}: live ${d.live ?? '(none)'} / rebuilt ${d.rebuilt ?? '(none)'}`);
  }
  say(`${report.status}: ${report.message} (${(report.durationMs / 1000).toFixed(1)} s)`);
  if (json) console.log(JSON.stringify(report, null, 2));
  return report.status === 'switched' ? 0 : 1;
}

/** checkpoint: signs checkpoints now of every scope whose streams moved (admin). */
export async function signCheckpoints(flags: Flags): Promise<number> {
  const run = await orFail(clientAs(CLI_ADMIN, { timeoutMs: 600_000 }).report.signCheckpoints());
  if (flags.get('json') === true) {
    console.log(JSON.stringify(run, null, 2));
  } else {
    console.log(`checkpoints at log position ${run.position} (generation ${run.generation}): ${run.signed.length} signed, ${run.unchanged} unchanged, ${run.refused.length} refused`);
    for (const c of run.signed) console.log(`  #${c.id} ${c.scope.departmentId} ${c.scope.fiscalYear ?? '(department)'} sequence ${c.sequence}, key ${c.keyId}`);
    for (const r of run.refused) console.log(`  REFUSED ${r.scope.departmentId} ${r.scope.fiscalYear ?? '(department)'}: ${r.streamId} version ${r.streamVersion}: ${r.reason}`);
  }
  return run.refused.length === 0 ? 0 : BROKEN_CHAIN_EXIT;
}

/** public-key: the PEM that verifies checkpoints and exports, on stdout or into --out. */
export async function publicKey(flags: Flags): Promise<number> {
  const key = await orFail(clientAs(CLI_ADMIN).report.publicKey());
  const out = flags.get('out');
  if (typeof out === 'string') {
    await writeFile(out, key.publicKey);
    console.log(`wrote ${out}: Ed25519 public key ${key.keyId}`);
  } else {
    process.stdout.write(key.publicKey);
  }
  return 0;
}
