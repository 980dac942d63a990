import { diffSheetContent, FUNDING_FIELDS } from '@budget/domain';
import { FILL, indicatorOrdinal, SHEET_FIELD_LABELS } from '../../labels';
import { contentOf, type DraftIndicator, draftIndicatorOf, draftOf } from './editor-state';
import type { SheetView } from './fill-api';

export interface ConflictRow {
  readonly key: string;
  readonly field: string;
  readonly opened: string;
  readonly current: string;
}

function indicatorText(i: DraftIndicator | undefined): string {
  if (!i) return FILL.empty;
  return [i.level1, i.level2, i.name, i.periodTarget, i.annualTarget].filter((s) => s !== '').join(' / ') || FILL.empty;
}

const shown = (s: string) => (s === '' ? FILL.empty : s);

/** What changed on the server between the version the clerk opened and the current one, field by field. */
export function conflictRows(opened: SheetView, current: SheetView): ConflictRow[] {
  const diff = diffSheetContent(contentOf(opened), contentOf(current));
  const before = draftOf(opened);
  const after = draftOf(current);
  const rows: ConflictRow[] = [];
  if (diff.fields.includes('projectName')) rows.push({ key: 'projectName', field: SHEET_FIELD_LABELS.projectName, opened: shown(before.projectName), current: shown(after.projectName) });
  for (const key of FUNDING_FIELDS) {
    if (diff.fields.includes(`funding.${key}`)) rows.push({ key, field: SHEET_FIELD_LABELS[key], opened: before.funding[key], current: after.funding[key] });
  }
  if (diff.fields.includes('goal')) rows.push({ key: 'goal', field: SHEET_FIELD_LABELS.goal, opened: shown(before.goal), current: shown(after.goal) });
  const old = new Map(opened.indicators.map((i) => [i.indicatorId, draftIndicatorOf(i)]));
  const now = new Map(current.indicators.map((i) => [i.indicatorId, draftIndicatorOf(i)]));
  const position = (id: string) => current.indicators.findIndex((i) => i.indicatorId === id);
  for (const c of diff.indicatorsChanged) {
    for (const f of c.fields) {
      rows.push({ key: `${c.indicatorId}.${f}`, field: `${indicatorOrdinal(position(c.indicatorId))} · ${SHEET_FIELD_LABELS[f]}`, opened: shown(old.get(c.indicatorId)?.[f] ?? ''), current: shown(now.get(c.indicatorId)?.[f] ?? '') });
    }
  }
  for (const id of diff.indicatorsAdded) rows.push({ key: `+${id}`, field: `${SHEET_FIELD_LABELS.indicators}（${FILL.indicatorAdded}）`, opened: FILL.empty, current: indicatorText(now.get(id)) });
  for (const id of diff.indicatorsRemoved) rows.push({ key: `-${id}`, field: `${SHEET_FIELD_LABELS.indicators}（${FILL.indicatorRemoved}）`, opened: indicatorText(old.get(id)), current: FILL.empty });
  if (diff.indicatorsReordered) rows.push({ key: 'order', field: FILL.indicatorsReordered, opened: '', current: '' });
  if (opened.status !== current.status) rows.push({ key: 'status', field: FILL.statusFilter, opened: opened.status, current: current.status });
  return rows;
}
