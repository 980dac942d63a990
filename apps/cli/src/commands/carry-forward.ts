import { CLI_ADMIN, CliError, clientAs, orFail } from '../http-client';

const USAGE = `usage: npm run cli -- carry-forward --sheet <sheet id> [--json]
  (as the CLI's admin, or as whoever BUDGET_TOKEN names, e.g. the unit's clerk)`;

/** npm run cli -- carry-forward --sheet <id>: next year's draft of an approved continuing project (持续性项目). */
export async function carryForward(flags: Map<string, string | true>): Promise<number> {
  const sheetId = flags.get('sheet');
  if (sheetId === undefined || sheetId === true) throw new CliError(`--sheet is required\n${USAGE}`, 2);
  const draft = await orFail(clientAs(CLI_ADMIN).sheets.carryForward({ sheetId, body: {} }));
  if (flags.has('json')) {
    console.log(JSON.stringify(draft));
    return 0;
  }
  console.log(`结转 carried forward: ${draft.projectName}`);
  console.log(`  ${draft.origin?.fiscalYear ?? ''} ${draft.origin?.sheetId ?? sheetId} → ${draft.fiscalYear} ${draft.sheetId} (草稿 draft, version ${draft.version})`);
  console.log(`  合计 total: ${draft.funding.total} 万元, ${draft.indicators.length} indicators`);
  return 0;
}
