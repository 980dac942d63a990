import { readFile, writeFile } from 'node:fs/promises';
import type { ResponseOf, Routes } from '@budget/contracts';
import { CLI_ADMIN, CliError, clientAs, orFail } from '../http-client';

type Flags = Map<string, string | true>;
export type TemplateResult = ResponseOf<Routes['intake']['uploadFillTemplate']>;

const USAGE = `usage: npm run cli -- template download --unit <unit id or name> [--year Y] --out <file.xlsx>
       npm run cli -- template upload <file.xlsx> [--unit <unit id or name>] [--json]
  (with BUDGET_TOKEN of a unit clerk, --unit may be left out: the clerk's own unit)`;

function value(flags: Flags, name: string): string | undefined {
  const v = flags.get(name);
  if (v === true) throw new CliError(`--${name} needs a value\n${USAGE}`, 2);
  return v;
}

/** A unit by id, or by name among the departments' units (which must then be unique). */
async function unitId(flags: Flags): Promise<string | undefined> {
  const given = value(flags, 'unit');
  if (given === undefined) {
    if (process.env.BUDGET_TOKEN) return undefined;
    throw new CliError(`--unit is required (or BUDGET_TOKEN of a unit clerk)\n${USAGE}`, 2);
  }
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(given)) return given;
  const { items } = await orFail(clientAs(CLI_ADMIN).departments.list());
  const found = items.flatMap((d) => d.units.filter((u) => u.name === given.trim()));
  if (found.length === 1) return found[0]!.unitId;
  throw new CliError(found.length === 0 ? `no unit named “${given}”` : `${found.length} units are named “${given}”: give its id`, 2);
}

/** npm run cli -- template download|upload … : the 填报模板 of a unit. */
export async function template(args: string[], flags: Flags): Promise<number> {
  const [action, file] = args;
  if (action === 'download') {
    const out = value(flags, 'out');
    if (!out) throw new CliError(`--out is required\n${USAGE}`, 2);
    const year = value(flags, 'year') ?? String(new Date().getFullYear());
    if (!/^\d{4}$/.test(year)) throw new CliError(`--year must be a four-digit year\n${USAGE}`, 2);
    const unit = await unitId(flags);
    const downloaded = await orFail(clientAs(CLI_ADMIN, { timeoutMs: 120_000 }).fillTemplate.download({ query: { fiscalYear: year, ...(unit ? { unitId: unit } : {}) } }));
    const bytes = Buffer.from(await downloaded.blob.arrayBuffer());
    await writeFile(out, bytes);
    console.log(`填报模板 ${downloaded.fileName ?? ''} → ${out} (${bytes.length} bytes)`);
    return 0;
  }
  if (action === 'upload') {
    if (!file) throw new CliError(USAGE, 2);
    let bytes: Buffer;
    try {
      bytes = await readFile(file);
    } catch (e) {
      throw new CliError(`cannot read ${file}: ${(e as Error).message}`, 2);
    }
    const unit = await unitId(flags);
    const result = await orFail(clientAs(CLI_ADMIN, { timeoutMs: 120_000 }).fillTemplate.upload({ body: new Uint8Array(bytes), ...(unit ? { query: { unitId: unit } } : {}) }));
    if (flags.has('json')) {
      console.log(JSON.stringify(result));
    } else {
      printResult(result);
    }
    return result.counts.conflicts > 0 || result.counts.rejected > 0 ? 3 : 0;
  }
  throw new CliError(USAGE, 2);
}

const OUTCOME: Readonly<Record<string, string>> = { created: '新建', updated: '已更新', unchanged: '未变', conflict: '冲突', rejected: '未接受' };

function printResult(result: TemplateResult): void {
  const c = result.counts;
  console.log(`预算年度 ${result.fiscalYear}: 新建 ${c.created}, 更新 ${c.updated}, 未变 ${c.unchanged}, 冲突 ${c.conflicts}, 未接受 ${c.rejected}`);
  for (const p of result.projects) {
    if (p.outcome === 'unchanged') continue;
    const rows = p.rows.from === p.rows.to ? `row ${p.rows.from}` : `rows ${p.rows.from}–${p.rows.to}`;
    console.log(`  [${OUTCOME[p.outcome] ?? p.outcome}] ${rows} ${p.projectName}${p.message ? `: ${p.message}` : ''}`);
  }
}
