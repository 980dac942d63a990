import { readFile } from 'node:fs/promises';
import type { ResponseOf, Routes } from '@budget/contracts';
import { CLI_ADMIN, CliError, failOnError, request } from '../http-client';

const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type ImportSummary = ResponseOf<Routes['intake']['importTable']>;

/** npm run cli -- import <file> [--year 2024] [--json] */
export async function importTable(args: string[], flags: Map<string, string | true>): Promise<number> {
  const file = args[0];
  if (!file) throw new CliError('usage: npm run cli -- import <file> [--year <fiscal year>] [--json]', 2);
  // An .xlsx goes as it is (the intake service reads the workbook); anything else as UTF-8 text.
  const xlsx = /\.xlsx$/i.test(file);
  let content: { text: string } | { bytes: { data: Uint8Array; contentType: string } };
  try {
    content = xlsx ? { bytes: { data: await readFile(file), contentType: XLSX_CONTENT_TYPE } } : { text: await readFile(file, 'utf8') };
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`, 2);
  }
  // The layout does not name its year: without --year the table is taken for the current budget year.
  const flag = flags.get('year');
  if (flag === true) throw new CliError('--year needs a value, e.g. --year 2024', 2);
  const year = flag ?? String(new Date().getFullYear());
  // A workbook goes as bytes, which the typed client (JSON and text bodies) does not send.
  const query = `?fiscalYear=${encodeURIComponent(year)}`;
  const result = await request<ImportSummary>('intake', 'POST', `/imports${query}`, { actor: CLI_ADMIN, ...content, timeoutMs: 120_000 });
  failOnError('intake', result);
  const s = result.body;
  if (flags.has('json')) {
    console.log(JSON.stringify(s));
    return 0;
  }
  console.log(`部门 department: ${s.department.name} (${s.department.departmentId})${s.department.created ? '' : ' [already known]'}`);
  console.log(`预算年度 fiscal year: ${s.fiscalYear}`);
  console.log(`合计 grand total: ${s.grandTotal} 万元`);
  for (const u of s.units) {
    console.log(`  单位 ${u.name}: total ${u.total} 万元, ${u.projectCount} projects${u.created ? '' : ' [already known]'}`);
  }
  console.log(`projects read ${s.projects.read}, drafts created ${s.projects.created}, already present ${s.projects.alreadyPresent}`);
  if (s.issues.length === 0) {
    console.log('everything adds up');
  } else {
    console.log(`${s.issues.length} issue(s):`);
    for (const i of s.issues) console.log(`  [${i.code}]${i.line === null ? '' : ` ${xlsx ? 'row' : 'line'} ${i.line}`}: ${i.message}`);
  }
  return 0;
}
