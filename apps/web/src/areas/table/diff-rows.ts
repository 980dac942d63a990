import { TABLE } from '../../labels';
import { fieldLabel } from './field-label';
import type { TableDiffView } from './table-api';

export type DiffKind = 'added' | 'removed' | 'changed';

/** One line of the 对比: a unit or project added or removed, or one field of it changed. */
export interface DiffRow {
  readonly key: string;
  readonly kind: DiffKind;
  readonly unit: string;
  readonly project: string;
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

/** The difference as rows, in the table's order: header, 合计, units, then projects. */
export function diffRows(diff: TableDiffView): DiffRow[] {
  const rows: DiffRow[] = [];
  diff.table.forEach((c, i) => rows.push({ key: `t${i}`, kind: 'changed', unit: '', project: '', field: fieldLabel(c.field), before: c.before, after: c.after }));
  diff.grandTotal.forEach((c, i) =>
    rows.push({ key: `g${i}`, kind: 'changed', unit: TABLE.grandTotal, project: '', field: fieldLabel(c.field), before: c.before, after: c.after }),
  );
  for (const u of diff.unitsAdded) rows.push({ key: `ua${u.key}`, kind: 'added', unit: u.name, project: '', field: TABLE.colTotal, before: null, after: u.total });
  for (const u of diff.unitsRemoved) rows.push({ key: `ur${u.key}`, kind: 'removed', unit: u.name, project: '', field: TABLE.colTotal, before: u.total, after: null });
  for (const u of diff.unitsChanged) {
    u.changes.forEach((c, i) => rows.push({ key: `uc${u.key}${i}`, kind: 'changed', unit: u.name, project: '', field: fieldLabel(c.field), before: c.before, after: c.after }));
  }
  for (const p of diff.projectsAdded) rows.push({ key: `pa${p.key}`, kind: 'added', unit: p.unit, project: p.name, field: TABLE.colTotal, before: null, after: p.total });
  for (const p of diff.projectsRemoved) rows.push({ key: `pr${p.key}`, kind: 'removed', unit: p.unit, project: p.name, field: TABLE.colTotal, before: p.total, after: null });
  for (const p of diff.projectsChanged) {
    p.changes.forEach((c, i) =>
      rows.push({ key: `pc${p.key}${i}`, kind: 'changed', unit: p.unit, project: p.name, field: fieldLabel(c.field), before: c.before, after: c.after }),
    );
  }
  return rows;
}
