import {
  type ExistingReview,
  FUNDING_FIELDS,
  formatWanYuan,
  INDICATOR_FIELDS,
  NO_STATE_LABEL,
  REVIEW_STATUS_LABELS,
  type ReviewState,
  type SheetState,
  SHEET_STATUS_LABELS,
  SIGN_OFF_LEVEL_NAMES,
  WAIVER_STATUS_LABELS,
} from '@budget/domain';
import { indicatorField, indicatorText, levelName } from './history-text';

/** One field that an event changed: old value → new value, as text (amounts in 万元). */
export interface HistoryChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

/** Status words of each aggregate, with the word for "nothing yet" before a stream's first event. */
const SHEET_STATUS: Readonly<Record<SheetState['status'], string>> = { empty: NO_STATE_LABEL, ...SHEET_STATUS_LABELS };
const REVIEW_STATUS: Readonly<Record<ReviewState['status'], string>> = { none: NO_STATE_LABEL, ...REVIEW_STATUS_LABELS };

function change(field: string, before: string | null, after: string | null): HistoryChange[] {
  return before === after ? [] : [{ field, before, after }];
}

/** Field by field, what differs between two states of a sheet. */
export function sheetChanges(before: SheetState, after: SheetState): HistoryChange[] {
  const changes: HistoryChange[] = [...change('status', SHEET_STATUS[before.status], SHEET_STATUS[after.status])];
  const a = before.status === 'empty' ? null : before.content;
  const b = after.status === 'empty' ? null : after.content;
  if (!b) return changes;
  changes.push(...change('projectName', a?.projectName ?? null, b.projectName));
  for (const key of FUNDING_FIELDS) changes.push(...change(`funding.${key}`, a ? formatWanYuan(a.funding[key]) : null, formatWanYuan(b.funding[key])));
  changes.push(...change('goal', a?.goal ?? null, b.goal));
  const old = new Map((a?.indicators ?? []).map((i, n) => [i.indicatorId, { indicator: i, n }]));
  const kept = new Set(b.indicators.map((i) => i.indicatorId));
  b.indicators.forEach((indicator, n) => {
    const previous = old.get(indicator.indicatorId);
    if (!previous) {
      changes.push({ field: `indicators[${n}]`, before: null, after: indicatorText(indicator) });
      return;
    }
    for (const f of INDICATOR_FIELDS) changes.push(...change(`indicators[${n}].${f}`, indicatorField(previous.indicator, f), indicatorField(indicator, f)));
  });
  for (const { indicator, n } of old.values()) {
    if (!kept.has(indicator.indicatorId)) changes.push({ field: `indicators[${n}]`, before: indicatorText(indicator), after: null });
  }
  const orderBefore = (a?.indicators ?? []).filter((i) => kept.has(i.indicatorId)).map((i) => i.name);
  const orderAfter = b.indicators.filter((i) => old.has(i.indicatorId)).map((i) => i.name);
  if (orderBefore.join('\u0000') !== orderAfter.join('\u0000')) changes.push({ field: 'indicators.order', before: orderBefore.join('、'), after: orderAfter.join('、') });
  return changes;
}

/** What differs between two states of a review: status, level, waivers and acknowledgements of findings, outcome. */
export function reviewChanges(before: ReviewState, after: ReviewState): HistoryChange[] {
  const changes: HistoryChange[] = [...change('review.status', REVIEW_STATUS[before.status], REVIEW_STATUS[after.status])];
  if (after.status === 'none') return changes;
  const prev: ExistingReview | null = before.status === 'none' ? null : before;
  changes.push(...change('review.currentLevel', levelName(prev?.currentLevel ?? null), levelName(after.currentLevel)));
  const oldFindings = new Map((prev?.findings ?? []).map((f) => [f.key, f]));
  for (const finding of after.findings) {
    const was = oldFindings.get(finding.key);
    const waiver = (f: typeof finding | undefined): string | null => (f?.waiver ? WAIVER_STATUS_LABELS[f.waiver.status] : null);
    changes.push(...change(`findings[${finding.key}].waiver`, waiver(was), waiver(finding)));
    const levels = (f: typeof finding | undefined): string | null =>
      f && f.acknowledgements.length > 0 ? f.acknowledgements.map((x) => SIGN_OFF_LEVEL_NAMES[x.level]).join('、') : null;
    changes.push(...change(`findings[${finding.key}].acknowledgedBy`, levels(was), levels(finding)));
  }
  const grade = (s: ReviewState): string | null => ('outcome' in s && 'grade' in s.outcome ? (s.outcome.grade ?? null) : null);
  changes.push(...change('review.grade', grade(before), grade(after)));
  return changes;
}
