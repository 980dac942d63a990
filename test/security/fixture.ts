import type { Actor } from '@budget/domain';
import { ADMIN, api, eventually } from '../support/api';
import { importReference, type ImportedReference, intakeSheet, withE2eDatabase } from '../support/workflow';

/** The reference department (home) and an organisation of its own (foreign), with users of every role. */
export interface SecurityFixture {
  readonly year: number;
  readonly home: ImportedReference;
  /** A unit of home with one sheet, and that sheet. */
  readonly homeUnit: { readonly unitId: string; readonly name: string };
  readonly homeSheetId: string;
  readonly homeIndicatorId: string;
  /** A home review (a submitted sheet of another unit). */
  readonly homeReviewId: string;
  readonly foreign: { readonly departmentId: string; readonly unitId: string };
  readonly foreignActors: Readonly<Record<'unit_clerk' | 'unit_head' | 'department_reviewer' | 'finance_reviewer', Actor>>;
  readonly homeClerk: Actor;
  /** Every id of home an outsider must never read back. */
  readonly homeIds: readonly string[];
}

export const AUDITOR: Actor = { id: 'e2e-sec-auditor', role: 'auditor', name: '审计' };

export async function securityFixture(year: number, suffix: string): Promise<SecurityFixture> {
  const home = await importReference(year);
  const homeUnit = home.units.find((u) => u.projectCount === 1)!;
  const homeSheetId = home.sheets.find((s) => s.unit === homeUnit.name)!.sheetId;
  const sheet = await intakeSheet(homeSheetId);
  const homeIndicatorId = (sheet.indicators[0] as { indicatorId: string }).indicatorId;

  const department = await api('intake', 'POST', '/departments', { json: { name: `安全测试外部门${suffix}` } });
  if (department.status !== 200 && department.status !== 201) throw new Error(`register department: ${department.status} ${JSON.stringify(department.body)}`);
  const foreignDepartmentId = department.body.departmentId as string;
  const unit = await api('intake', 'POST', `/departments/${foreignDepartmentId}/units`, { json: { name: `安全测试外单位${suffix}` } });
  if (unit.status !== 200 && unit.status !== 201) throw new Error(`add unit: ${unit.status} ${JSON.stringify(unit.body)}`);
  const foreignUnitId = (unit.body.units as { unitId: string }[])[0]!.unitId;
  const foreign = { departmentId: foreignDepartmentId, unitId: foreignUnitId };

  // A home review: a sheet of another unit, submitted by its clerk.
  const other = home.sheets.find((s) => s.unit !== homeUnit.name && s.unit !== home.units[0]!.name) ?? home.sheets.find((s) => s.sheetId !== homeSheetId)!;
  const otherSheet = await intakeSheet(other.sheetId);
  const otherClerk: Actor = { id: `e2e-sec-clerk-${suffix}`, role: 'unit_clerk', unitId: otherSheet.unitId, departmentId: home.departmentId };
  if (otherSheet.status === 'draft') {
    const submitted = await api('intake', 'POST', `/sheets/${other.sheetId}/submit`, { actor: otherClerk, json: { expectedVersion: otherSheet.version } });
    if (submitted.status !== 200) throw new Error(`submit: ${submitted.status} ${JSON.stringify(submitted.body)}`);
  }
  const homeReviewId = await eventually(
    async () => {
      const res = await api('review', 'GET', `/reviews?sheetId=${other.sheetId}`);
      return (res.body?.items as { reviewId: string }[] | undefined)?.[0]?.reviewId;
    },
    { what: 'the home review', timeoutMs: 60_000 },
  );
  // Reporting has copied home's year.
  await eventually(async () => (await api('reporting', 'GET', `/table?department=${home.departmentId}&fiscalYear=${year}`)).status === 200, {
    what: 'the home table in reporting',
    timeoutMs: 60_000,
  });

  return {
    year,
    home,
    homeUnit,
    homeSheetId,
    homeIndicatorId,
    homeReviewId,
    foreign,
    foreignActors: {
      unit_clerk: { id: `e2e-sec-f-clerk-${suffix}`, role: 'unit_clerk', departmentId: foreign.departmentId, unitId: foreign.unitId },
      unit_head: { id: `e2e-sec-f-head-${suffix}`, role: 'unit_head', departmentId: foreign.departmentId, unitId: foreign.unitId },
      department_reviewer: { id: `e2e-sec-f-dept-${suffix}`, role: 'department_reviewer', departmentId: foreign.departmentId },
      finance_reviewer: { id: `e2e-sec-f-fin-${suffix}`, role: 'finance_reviewer', departmentIds: [foreign.departmentId] },
    },
    homeClerk: { id: `e2e-sec-home-clerk-${suffix}`, role: 'unit_clerk', departmentId: home.departmentId, unitId: homeUnit.unitId },
    homeIds: [home.departmentId, ...home.units.map((u) => u.unitId), ...home.sheets.map((s) => s.sheetId), homeReviewId],
  };
}

/**
 * Reporting's tables whose content counts: its projection (the read models of each generation:
 * report_sheets, report_departments, stream_heads, review_activity), the generations and their
 * positions, checkpoints, rebuilds and its own publication events — all but the append-only copy
 * of the log (event_log and its partitions), whose rows are counted.
 */
const REPORTING_COUNTED_ONLY = /^event_log(?:_g\d+)?$/;

/**
 * What a refused request must leave as it was: the rows of every table of intake and review
 * (events, read models, outbox, organisation, chains, subscriptions, contacts) and the content of
 * those a refused update would change in place, and reporting's copy with the content of its projection.
 */
export async function stateOf(): Promise<Record<string, string>> {
  return withE2eDatabase(async (db) => {
    const { rows: tables } = await db.query<{ schema: string; name: string }>(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
        WHERE table_schema IN ('intake', 'review', 'reporting') AND table_type = 'BASE TABLE' ORDER BY 1, 2`,
    );
    const state: Record<string, string> = {};
    for (const t of tables) {
      // One row per export that was streamed to the end (its signature): the suites download as
      // home's own users too. A refused export never reaches the writer; the route matrix checks each status.
      if (t.schema === 'reporting' && t.name === 'export_signatures') continue;
      const qualified = `"${t.schema}"."${t.name}"`;
      // Row counts everywhere; the content of tables a refused write would update in place, and of
      // reporting's projection (its read models and their bookkeeping), so that "no state change" means no projection change.
      const content = /sign_off_chains|webhook_subscriptions|contacts|sheets$|reviews$|departments$/.test(t.name) || (t.schema === 'reporting' && !REPORTING_COUNTED_ONLY.test(t.name))
        ? `, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS digest`
        : `, '' AS digest`;
      const { rows } = await db.query<{ n: string; digest: string }>(`SELECT count(*)::text AS n ${content} FROM ${qualified} x`);
      state[`${t.schema}.${t.name}`] = `${rows[0]!.n}:${rows[0]!.digest}`;
    }
    return state;
  });
}

/** The state once background work (consumers, notifications) has come to rest: two equal looks a second apart. */
export async function settledState(timeoutMs = 60_000): Promise<Record<string, string>> {
  const deadline = Date.now() + timeoutMs;
  let previous = await stateOf();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 1000));
    const current = await stateOf();
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
  throw new Error('the stack did not come to rest');
}

export { ADMIN };
