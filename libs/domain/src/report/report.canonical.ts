import { fundingTotal, type Funding } from '../money';
import { type PublishedIndicator, type PublishedTable } from '../published-table/model';
import { type ReportTable } from './report.types';

/** Bump when the serialisation changes: checksums of different versions never compare equal. */
export const CANONICAL_TABLE_VERSION = 'report-table/v1';

/**
 * A canonical text of a table's content, the input of its checksum (SHA-256 lives in the app
 * layer: the domain imports nothing from Node). JSON of nested arrays, so no key order is
 * involved; every text exactly as held (tabs and line breaks too, which the txt layout loses).
 *
 * Included: title, department, display unit, and per unit and project the name, the three
 * funding amounts in 分 (totals are derived, so they add nothing) and, for a project, its goal
 * and indicators; for a ReportTable also department id, fiscal year, unit and sheet ids.
 * Left out: source lines, `writtenTotal`, the as-of position and the approval events, so a table
 * rebuilt into a fresh copy of the log checks equal to the live one.
 */
export function canonicalTable(table: PublishedTable | ReportTable): string {
  const ids = 'departmentId' in table;
  const indicators = (list: readonly PublishedIndicator[]) => list.map((i) => [i.level1, i.level2, i.name, i.periodTarget, i.annualTarget]);
  const head = ids ? [table.departmentId, table.fiscalYear] : [];
  const units = ids
    ? table.units.map((u) => [u.unitId, u.name, amounts(u.funding), u.projects.map((p) => [p.sheetId, p.name, amounts(p.funding), p.goal, indicators(p.indicators)])])
    : table.units.map((u) => [u.name, amounts(u.funding), u.projects.map((p) => [p.name, amounts(p.funding), p.goal, indicators(p.indicators)])]);
  return JSON.stringify([CANONICAL_TABLE_VERSION, ids ? 'report' : 'published', ...head, table.title, table.departmentName, table.displayUnit, amounts(table.grandTotal.funding), units]);
}

function amounts(f: Funding): number[] {
  return [f.fiscalAppropriation, f.specialAccountAppropriation, f.otherFunds, fundingTotal(f)];
}
