import { formatWanYuan, fundingTotal, type Fen, type Funding } from '../money';
import { type PublishedIndicator, type PublishedTable } from '../published-table/model';
import { INDICATOR_FIELDS } from '../sheet/sheet.types';
import { type ReportTable } from './report.types';

/** Either table model: a ReportTable carries sheet and unit ids, a PublishedTable (parsed from text) only names. */
export type DiffableTable = PublishedTable | ReportTable;

/**
 * One field that differs. Amount fields (`total`, `funding.*`) give 万元 text in before/after
 * and the exact 分 beside them. Indicator paths are 0-based by position: `indicators[2].annualTarget`,
 * or `indicators[4]` (the whole indicator as text) when only one side has it.
 */
export interface FieldChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
  readonly beforeFen?: Fen;
  readonly afterFen?: Fen;
}

export interface DiffProjectRef {
  /** sheetId when both tables carry ids, else `unit / project` (with `#n` for the n-th project of that name in the unit). */
  readonly key: string;
  readonly sheetId: string | null;
  readonly unit: string;
  readonly name: string;
}

export interface DiffProject extends DiffProjectRef {
  readonly total: string;
  readonly totalFen: Fen;
}

export interface DiffProjectChange extends DiffProjectRef {
  readonly changes: readonly FieldChange[];
}

export interface DiffUnit {
  readonly key: string;
  readonly unitId: string | null;
  readonly name: string;
  readonly total: string;
  readonly totalFen: Fen;
}

export interface DiffUnitChange {
  readonly key: string;
  readonly unitId: string | null;
  readonly name: string;
  readonly changes: readonly FieldChange[];
}

export interface DiffSide {
  readonly departmentName: string;
  readonly fiscalYear: number | null;
  readonly asOf: { readonly globalPosition: string | null; readonly recordedAt: string | null } | null;
}

/** JSON as is: plain objects, strings and numbers only. */
export interface TableDiff {
  readonly identical: boolean;
  readonly keyedBy: 'id' | 'name';
  readonly from: DiffSide;
  readonly to: DiffSide;
  /** title, departmentName. */
  readonly table: readonly FieldChange[];
  /** The 合计 row. */
  readonly grandTotal: readonly FieldChange[];
  readonly unitsAdded: readonly DiffUnit[];
  readonly unitsRemoved: readonly DiffUnit[];
  readonly unitsChanged: readonly DiffUnitChange[];
  readonly projectsAdded: readonly DiffProject[];
  readonly projectsRemoved: readonly DiffProject[];
  readonly projectsChanged: readonly DiffProjectChange[];
}

interface Row {
  readonly key: string;
  readonly id: string | null;
  readonly name: string;
  readonly funding: Funding;
}

interface ProjectRow extends Row {
  readonly unit: string;
  readonly goal: string;
  readonly indicators: readonly PublishedIndicator[];
}

interface UnitRow extends Row {
  readonly projects: readonly ProjectRow[];
}

function isReportTable(table: DiffableTable): table is ReportTable {
  return 'departmentId' in table;
}

/**
 * What changed from one table to the other: units and projects added or removed, and every
 * field that differs in those present in both (names, amounts, goal, indicators by position).
 * Two ReportTables are matched by sheet and unit ids, so a renamed project is a change; otherwise
 * by names, so a renamed project is one removed and one added.
 */
export function diffTables(from: DiffableTable, to: DiffableTable): TableDiff {
  const byId = isReportTable(from) && isReportTable(to);
  const a = rowsOf(from, byId);
  const b = rowsOf(to, byId);

  const table = [
    ...textChange('title', from.title, to.title),
    ...textChange('departmentName', from.departmentName, to.departmentName),
  ];
  const grandTotal = amountChanges(grandFunding(from), grandFunding(to));

  const unitsBefore = new Map(a.map((u) => [u.key, u]));
  const unitsAfter = new Map(b.map((u) => [u.key, u]));
  const unitsAdded = b.filter((u) => !unitsBefore.has(u.key)).map(unitSummary);
  const unitsRemoved = a.filter((u) => !unitsAfter.has(u.key)).map(unitSummary);
  const unitsChanged: DiffUnitChange[] = [];
  for (const after of b) {
    const before = unitsBefore.get(after.key);
    if (!before) continue;
    const changes = [...textChange('name', before.name, after.name), ...amountChanges(before.funding, after.funding)];
    if (changes.length > 0) unitsChanged.push({ key: after.key, unitId: after.id, name: after.name, changes });
  }

  const projectsBefore = new Map(a.flatMap((u) => u.projects).map((p) => [p.key, p]));
  const projectsAfterList = b.flatMap((u) => u.projects);
  const projectsAfter = new Map(projectsAfterList.map((p) => [p.key, p]));
  const projectsAdded = projectsAfterList.filter((p) => !projectsBefore.has(p.key)).map(projectSummary);
  const projectsRemoved = [...projectsBefore.values()].filter((p) => !projectsAfter.has(p.key)).map(projectSummary);
  const projectsChanged: DiffProjectChange[] = [];
  for (const after of projectsAfterList) {
    const before = projectsBefore.get(after.key);
    if (!before) continue;
    const changes = projectChanges(before, after);
    if (changes.length > 0) projectsChanged.push({ ...projectRef(after), changes });
  }

  const identical =
    table.length + grandTotal.length + unitsAdded.length + unitsRemoved.length + unitsChanged.length === 0 &&
    projectsAdded.length + projectsRemoved.length + projectsChanged.length === 0;
  return {
    identical,
    keyedBy: byId ? 'id' : 'name',
    from: sideOf(from),
    to: sideOf(to),
    table,
    grandTotal,
    unitsAdded,
    unitsRemoved,
    unitsChanged,
    projectsAdded,
    projectsRemoved,
    projectsChanged,
  };
}

function rowsOf(table: DiffableTable, byId: boolean): UnitRow[] {
  if (isReportTable(table)) {
    return table.units.map((u) => {
      const unitKey = byId ? u.unitId : u.name.trim();
      const occurrences = new Map<string, number>();
      return {
        key: unitKey,
        id: u.unitId,
        name: u.name,
        funding: u.funding,
        projects: u.projects.map((p) => ({
          key: byId ? p.sheetId : nameKey(u.name, p.name, occurrences),
          id: p.sheetId,
          name: p.name,
          unit: u.name,
          funding: p.funding,
          goal: p.goal,
          indicators: p.indicators,
        })),
      };
    });
  }
  return table.units.map((u) => {
    const occurrences = new Map<string, number>();
    return {
      key: u.name.trim(),
      id: null,
      name: u.name,
      funding: u.funding,
      projects: u.projects.map((p) => ({
        key: nameKey(u.name, p.name, occurrences),
        id: null,
        name: p.name,
        unit: u.name,
        funding: p.funding,
        goal: p.goal,
        indicators: p.indicators,
      })),
    };
  });
}

function nameKey(unit: string, project: string, occurrences: Map<string, number>): string {
  const n = (occurrences.get(project) ?? 0) + 1;
  occurrences.set(project, n);
  return `${unit.trim()} / ${project.trim()}${n > 1 ? ` #${n}` : ''}`;
}

function grandFunding(table: DiffableTable): Funding {
  return table.grandTotal.funding;
}

function sideOf(table: DiffableTable): DiffSide {
  return isReportTable(table)
    ? { departmentName: table.departmentName, fiscalYear: table.fiscalYear, asOf: table.asOf }
    : { departmentName: table.departmentName, fiscalYear: null, asOf: null };
}

function projectRef(p: ProjectRow): DiffProjectRef {
  return { key: p.key, sheetId: p.id, unit: p.unit, name: p.name };
}

function projectSummary(p: ProjectRow): DiffProject {
  const total = fundingTotal(p.funding);
  return { ...projectRef(p), total: formatWanYuan(total), totalFen: total };
}

function unitSummary(u: UnitRow): DiffUnit {
  const total = fundingTotal(u.funding);
  return { key: u.key, unitId: u.id, name: u.name, total: formatWanYuan(total), totalFen: total };
}

function projectChanges(before: ProjectRow, after: ProjectRow): FieldChange[] {
  const changes = [
    ...textChange('name', before.name, after.name),
    ...amountChanges(before.funding, after.funding),
    ...textChange('goal', before.goal, after.goal),
  ];
  const count = Math.max(before.indicators.length, after.indicators.length);
  for (let i = 0; i < count; i++) {
    const x = before.indicators[i];
    const y = after.indicators[i];
    if (x && y) {
      for (const f of INDICATOR_FIELDS) changes.push(...textChange(`indicators[${i}].${f}`, x[f], y[f]));
    } else {
      changes.push({ field: `indicators[${i}]`, before: x ? indicatorText(x) : null, after: y ? indicatorText(y) : null });
    }
  }
  return changes;
}

function indicatorText(i: PublishedIndicator): string {
  return `${i.level1}；${i.level2}；${i.name}；实施周期指标值：${i.periodTarget}；年度指标值：${i.annualTarget}`;
}

function textChange(field: string, before: string, after: string): FieldChange[] {
  return before === after ? [] : [{ field, before, after }];
}

const AMOUNTS: readonly { readonly field: string; readonly of: (f: Funding) => Fen }[] = [
  { field: 'total', of: fundingTotal },
  { field: 'funding.fiscalAppropriation', of: (f) => f.fiscalAppropriation },
  { field: 'funding.specialAccountAppropriation', of: (f) => f.specialAccountAppropriation },
  { field: 'funding.otherFunds', of: (f) => f.otherFunds },
];

function amountChanges(before: Funding, after: Funding): FieldChange[] {
  return AMOUNTS.flatMap(({ field, of }) => {
    const x = of(before);
    const y = of(after);
    return x === y ? [] : [{ field, before: formatWanYuan(x), after: formatWanYuan(y), beforeFen: x, afterFen: y }];
  });
}
