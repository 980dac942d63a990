import { fundingTotal, progressUnitOrder, type ReportModel, type ReportTable, type SheetProgress, sumFunding } from '@budget/domain';
import { type CreationOrder } from './copied-events';

function creationKey(creation: CreationOrder, sheetId: string): bigint {
  // A sheet without a known DraftCreated sorts last (it cannot be in a table: it would have no content).
  return creation.get(sheetId) ?? BigInt(Number.MAX_SAFE_INTEGER) * 1024n;
}

function compareCreation(creation: CreationOrder, a: string, b: string): number {
  const ka = creationKey(creation, a);
  const kb = creationKey(creation, b);
  if (ka !== kb) return ka < kb ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The table with every unit's projects in creation order (intake's order of DraftCreated, see
 * CreationOrder) instead of the copy's order of arrival, and units missing from the department's
 * list after the listed ones, by their first project. Totals do not depend on order.
 */
export function orderTable(table: ReportTable, creation: CreationOrder): ReportTable {
  const units = table.units.map((u) => ({ ...u, projects: [...u.projects].sort((a, b) => compareCreation(creation, a.sheetId, b.sheetId)) }));
  const listed = units.filter((u) => u.listed);
  const unlisted = units
    .filter((u) => !u.listed)
    .sort((a, b) => compareCreation(creation, a.projects[0]?.sheetId ?? '', b.projects[0]?.sheetId ?? ''));
  return { ...table, units: [...listed, ...unlisted] };
}

/** Only the rows of one unit, with the 合计 of what is left: what a unit's own users may see. */
export function restrictToUnit(table: ReportTable, unitId: string): ReportTable {
  const units = table.units.filter((u) => u.unitId === unitId);
  const funding = sumFunding(units.map((u) => u.funding));
  return { ...table, units, grandTotal: { funding, total: fundingTotal(funding) } };
}

/**
 * Progress rows ordered as the tables are: by department, fiscal year, the unit's place in that
 * year's table, then each unit's sheets in creation order (progressFor orders them by the copy's
 * positions).
 */
export function orderProgress(rows: readonly SheetProgress[], model: ReportModel, creation: CreationOrder): SheetProgress[] {
  const unitOrder = progressUnitOrder(model);
  return [...rows].sort((a, b) => {
    if (a.departmentId !== b.departmentId) return a.departmentId < b.departmentId ? -1 : 1;
    if (a.fiscalYear !== b.fiscalYear) return a.fiscalYear - b.fiscalYear;
    const ua = unitOrder(a.departmentId, a.fiscalYear, a.unitId);
    const ub = unitOrder(b.departmentId, b.fiscalYear, b.unitId);
    if (ua !== ub) return ua - ub;
    if (a.unitId !== b.unitId) return a.unitId < b.unitId ? -1 : 1;
    return compareCreation(creation, a.sheetId, b.sheetId);
  });
}
