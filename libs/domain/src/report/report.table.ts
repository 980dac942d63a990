import { DomainError } from '../errors';
import { fundingTotal, sumFunding } from '../money';
import { departmentStreamId } from '../organisation/organisation.decider';
import { type RegisteredDepartment } from '../organisation/organisation.types';
import { DISPLAY_UNIT, type PublishedTable } from '../published-table/model';
import { type SheetIndicator } from '../sheet/sheet.types';
import {
  type ReportModel,
  type ReportProject,
  type ReportSheet,
  type ReportTable,
  type ReportUnit,
  type StreamHead,
} from './report.types';

export const REPORT_TITLE = '项目支出绩效目标表（含转移支付项目）';

export interface ReportTableOptions {
  readonly title?: string;
}

/** Creation order: the global position of DraftCreated (an import creates sheets in table order). */
export function byCreation(a: Pick<ReportSheet, 'created' | 'sheetId'>, b: Pick<ReportSheet, 'created' | 'sheetId'>): number {
  const pa = BigInt(a.created.globalPosition);
  const pb = BigInt(b.created.globalPosition);
  if (pa !== pb) return pa < pb ? -1 : 1;
  return a.sheetId < b.sheetId ? -1 : a.sheetId > b.sheetId ? 1 : 0;
}

export function findDepartment(model: ReportModel, departmentId: string): RegisteredDepartment {
  const department = model.departments.get(departmentId);
  if (!department) throw new DomainError('NOT_FOUND', '部门不存在', { departmentId });
  return department;
}

/** The sheets of one department and fiscal year, whatever their status, in creation order. */
export function sheetsOf(model: ReportModel, departmentId: string, fiscalYear: number): ReportSheet[] {
  const sheets: ReportSheet[] = [];
  for (const sheet of model.sheets.values()) {
    const { content } = sheet.state;
    if (content.departmentId === departmentId && content.fiscalYear === fiscalYear) sheets.push(sheet);
  }
  return sheets.sort(byCreation);
}

/** The fiscal years a department has sheets in, ascending. */
export function fiscalYearsOf(model: ReportModel, departmentId: string): number[] {
  const years = new Set<number>();
  for (const sheet of model.sheets.values()) {
    if (sheet.state.content.departmentId === departmentId) years.add(sheet.state.content.fiscalYear);
  }
  return [...years].sort((a, b) => a - b);
}

/**
 * The consolidated table of the department's APPROVED sheets for the year, each with the content
 * it was approved with. Each year keeps its own order of units, as the department published it:
 * units with sheets imported for the year come in the order of that year's table (the creation
 * of their first imported sheet), then the other listed units in the order of the department's
 * unit list (order of addition); a unit with no approved project is left out, as the published
 * layout cannot show an empty unit; a unit missing from the list (its UnitAdded not seen)
 * follows, named by its id. Projects come in creation order, so a new draft goes to the end of
 * its unit. Unit totals and the 合计 are sums of the projects, exact in 分. Throws DomainError
 * NOT_FOUND for a department never registered.
 */
export function reportTableFor(model: ReportModel, departmentId: string, fiscalYear: number, options: ReportTableOptions = {}): ReportTable {
  const department = findDepartment(model, departmentId);
  const byUnit = new Map<string, ReportProject[]>();
  const yearSheets = sheetsOf(model, departmentId, fiscalYear);
  const importedOrder = importedUnitOrder(yearSheets);
  for (const sheet of yearSheets) {
    const project = approvedProject(sheet);
    if (!project) continue;
    const projects = byUnit.get(project.unitId);
    if (projects) projects.push(project);
    else byUnit.set(project.unitId, [project]);
  }

  const orderOf = yearUnitOrder(importedOrder, department.units);
  const listed = [...department.units].sort((a, b) => (orderOf.get(a.unitId) ?? 0) - (orderOf.get(b.unitId) ?? 0));
  const listedIds = new Set(listed.map((u) => u.unitId));
  const units: ReportUnit[] = [];
  for (const unit of listed) {
    const projects = byUnit.get(unit.unitId);
    if (projects) units.push(reportUnit(unit.unitId, unit.name, true, projects));
  }
  // Map iteration follows insertion, i.e. the creation order of each unit's first project.
  for (const [unitId, projects] of byUnit) {
    if (!listedIds.has(unitId)) units.push(reportUnit(unitId, unitId, false, projects));
  }

  const funding = sumFunding(units.map((u) => u.funding));
  return {
    title: options.title ?? REPORT_TITLE,
    departmentId,
    departmentName: department.name,
    fiscalYear,
    displayUnit: DISPLAY_UNIT,
    asOf: { globalPosition: model.position, recordedAt: model.recordedAt },
    grandTotal: { funding, total: fundingTotal(funding) },
    units,
  };
}

/** Each listed unit's place in the year's table: the year's imported order first, then the department's list. */
function yearUnitOrder(importedOrder: ReadonlyMap<string, number>, units: readonly { readonly unitId: string; readonly position: number }[]): Map<string, number> {
  return new Map(units.map((u) => [u.unitId, importedOrder.get(u.unitId) ?? importedOrder.size + u.position]));
}

/**
 * The order of a department's units in one fiscal year's table, as places to sort by (lower
 * first); units the department does not list are absent. What the table, and the progress list
 * beside it, follow.
 */
export function unitOrderOfYear(model: ReportModel, departmentId: string, fiscalYear: number): ReadonlyMap<string, number> {
  const department = model.departments.get(departmentId);
  if (!department) return new Map();
  return yearUnitOrder(importedUnitOrder(sheetsOf(model, departmentId, fiscalYear)), department.units);
}

/**
 * The year's table order of the units that have imported sheets: by the line of the unit's first
 * row in the year's (first) import. Lines, not the order in which a copy of the log received the
 * sheets, so that a reporting copy fed from Kafka partitions orders them as intake created them.
 */
function importedUnitOrder(yearSheets: readonly ReportSheet[]): ReadonlyMap<string, number> {
  const importRank = new Map<string, number>();
  const first = new Map<string, readonly [number, number]>();
  for (const sheet of yearSheets) {
    const source = sheet.state.source;
    if (source?.kind !== 'import') continue;
    if (!importRank.has(source.importId)) importRank.set(source.importId, importRank.size);
    const key = [importRank.get(source.importId) ?? 0, source.line] as const;
    const unitId = sheet.state.content.unitId;
    const seen = first.get(unitId);
    if (!seen || key[0] < seen[0] || (key[0] === seen[0] && key[1] < seen[1])) first.set(unitId, key);
  }
  const ordered = [...first].sort(([, a], [, b]) => a[0] - b[0] || a[1] - b[1]);
  return new Map(ordered.map(([unitId], i) => [unitId, i]));
}

/** The table in the published model, for writePublishedTable and the exports. */
export function toPublishedTable(report: ReportTable): PublishedTable {
  return {
    title: report.title,
    departmentName: report.departmentName,
    displayUnit: report.displayUnit,
    grandTotal: { funding: report.grandTotal.funding, writtenTotal: report.grandTotal.total },
    units: report.units.map((unit) => ({
      name: unit.name,
      funding: unit.funding,
      writtenTotal: unit.total,
      line: 0,
      projects: unit.projects.map((p) => ({
        name: p.name,
        funding: p.funding,
        writtenTotal: p.total,
        goal: p.goal,
        indicators: p.indicators,
        line: 0,
      })),
    })),
  };
}

/**
 * The heads of the streams a department-year table is built from: the department stream and
 * every sheet stream of that department and year (unapproved ones too: their absence from the
 * table is also derived from them). Sorted by stream id.
 */
export function chainHeadsFor(model: ReportModel, departmentId: string, fiscalYear: number): StreamHead[] {
  const streamIds = [departmentStreamId(departmentId), ...sheetsOf(model, departmentId, fiscalYear).map((s) => s.streamId)];
  return streamIds
    .flatMap((id) => model.streams.get(id) ?? [])
    .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
}

function approvedProject(sheet: ReportSheet): ReportProject | null {
  const { state, approval } = sheet;
  if (state.status !== 'approved' || !approval) return null;
  const { content } = state;
  return {
    sheetId: sheet.sheetId,
    unitId: content.unitId,
    name: content.projectName,
    funding: content.funding,
    total: fundingTotal(content.funding),
    goal: content.goal,
    indicators: content.indicators.map(publishedIndicator),
    created: sheet.created,
    approval,
  };
}

function publishedIndicator(i: SheetIndicator): ReportProject['indicators'][number] {
  return { level1: i.level1, level2: i.level2, name: i.name, periodTarget: i.periodTarget.text, annualTarget: i.annualTarget.text };
}

function reportUnit(unitId: string, name: string, listed: boolean, projects: readonly ReportProject[]): ReportUnit {
  const funding = sumFunding(projects.map((p) => p.funding));
  return { unitId, name, listed, funding, total: fundingTotal(funding), projects };
}
