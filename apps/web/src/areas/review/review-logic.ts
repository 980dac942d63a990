import {
  type Actor,
  firstWaivingLevelIndex,
  formatWanYuan,
  fundingTotal,
  isLastSignOffLevel,
  mayDecideWaiver,
  maySignOff,
  type ReviewFinding,
  type SheetContent,
  type SheetIndicator,
} from '@budget/domain';
import { fieldPathLabel, indicatorOrdinal, REVIEW, SHEET_FIELD_LABELS } from '../../labels';
import type { ReviewDetail } from './review-api';

/** A person the review names by id, by name where the service knows it (the events' actors carry names). */
export function personName(review: Pick<ReviewDetail, 'people'>, id: string): string {
  return review.people[id] ?? id;
}

export interface AllowedActions {
  /** The signed-in person may act at the current level. */
  readonly mayAct: boolean;
  /** Why not, in words (another level's turn, four-eyes, scope); null when they may or the review is closed. */
  readonly refusal: string | null;
  readonly acknowledge: boolean;
  readonly decideWaivers: boolean;
  readonly approve: boolean;
  readonly grade: boolean;
  readonly requestRevision: boolean;
  /** Approving (or grading 优/良) is impossible while these remain. */
  readonly approveBlockedBy: readonly ReviewFinding[];
  readonly unacknowledged: readonly ReviewFinding[];
  readonly requestedWaivers: readonly ReviewFinding[];
}

const NONE: Omit<AllowedActions, 'refusal' | 'unacknowledged' | 'requestedWaivers' | 'approveBlockedBy'> = {
  mayAct: false,
  acknowledge: false,
  decideWaivers: false,
  approve: false,
  grade: false,
  requestRevision: false,
};

/** The actions of the current level for this person, by the domain's own sign-off policy. */
export function allowedActions(review: ReviewDetail, actor: Actor): AllowedActions {
  const unacknowledged = review.findings.filter((f) => review.open.unacknowledgedWarnings.includes(f.key));
  const requestedWaivers = review.findings.filter((f) => f.severity === 'B' && f.waiver?.status === 'requested');
  const empty = { unacknowledged, requestedWaivers, approveBlockedBy: [] };
  if (review.status !== 'awaiting_level') return { ...NONE, ...empty, refusal: null };
  const levelIndex = review.chain.findIndex((l) => l.level === review.currentLevel);
  const level = review.chain[levelIndex];
  if (!level) return { ...NONE, ...empty, refusal: null };
  const signOff = maySignOff(actor, review, level);
  if (!signOff.allowed) return { ...NONE, ...empty, refusal: signOff.reason };
  const last = isLastSignOffLevel(review.chain, level.level);
  const first = firstWaivingLevelIndex(review.chain);
  const mustBeWaived = first >= 0 && levelIndex >= first;
  const approveBlockedBy = mustBeWaived ? review.findings.filter((f) => f.severity === 'B' && f.waiver?.status !== 'granted') : [];
  return {
    mayAct: true,
    refusal: null,
    acknowledge: unacknowledged.length > 0,
    decideWaivers: requestedWaivers.length > 0 && mayDecideWaiver(actor, review, level).allowed,
    approve: !last,
    grade: last,
    requestRevision: true,
    approveBlockedBy,
    unacknowledged,
    requestedWaivers,
  };
}

export interface ChangeRow {
  readonly key: string;
  readonly label: string;
  readonly before: string | null;
  readonly after: string | null;
}

const INDICATOR_FIELD_TEXT = {
  level1: (i: SheetIndicator) => i.level1,
  level2: (i: SheetIndicator) => i.level2,
  name: (i: SheetIndicator) => i.name,
  periodTarget: (i: SheetIndicator) => i.periodTarget.text,
  annualTarget: (i: SheetIndicator) => i.annualTarget.text,
};

function topField(content: SheetContent, field: string): string {
  if (field === 'projectName') return content.projectName;
  if (field === 'goal') return content.goal;
  const funding = /^funding\.(\w+)$/.exec(field)?.[1];
  if (funding === 'total') return formatWanYuan(fundingTotal(content.funding));
  if (funding && funding in content.funding) return formatWanYuan(content.funding[funding as keyof SheetContent['funding']]);
  return '';
}

function indicatorTitle(content: SheetContent, indicatorId: string): string {
  const index = content.indicators.findIndex((i) => i.indicatorId === indicatorId);
  const indicator = content.indicators[index];
  return indicator ? `${indicatorOrdinal(index)}（${indicator.name}）` : REVIEW.indicators;
}

/** What changed since the previous submission, old → new; old values need the previous review's content. */
export function changeRows(review: ReviewDetail, previous: SheetContent | null): ChangeRow[] {
  const diff = review.changesSincePrevious;
  if (!diff) return [];
  const now = review.content;
  const rows: ChangeRow[] = [];
  for (const field of diff.fields) {
    rows.push({ key: field, label: fieldPathLabel(field), before: previous ? topField(previous, field) : null, after: topField(now, field) });
  }
  for (const change of diff.indicatorsChanged) {
    const old = previous?.indicators.find((i) => i.indicatorId === change.indicatorId);
    const cur = now.indicators.find((i) => i.indicatorId === change.indicatorId);
    for (const field of change.fields) {
      rows.push({
        key: `${change.indicatorId}.${field}`,
        label: `${indicatorTitle(now, change.indicatorId)} · ${SHEET_FIELD_LABELS[field]}`,
        before: old ? INDICATOR_FIELD_TEXT[field](old) : null,
        after: cur ? INDICATOR_FIELD_TEXT[field](cur) : null,
      });
    }
  }
  for (const id of diff.indicatorsAdded) {
    const cur = now.indicators.find((i) => i.indicatorId === id);
    rows.push({ key: `added.${id}`, label: REVIEW.indicatorAdded, before: null, after: cur ? `${cur.name}：${cur.annualTarget.text}` : id });
  }
  for (const id of diff.indicatorsRemoved) {
    const old = previous?.indicators.find((i) => i.indicatorId === id);
    rows.push({ key: `removed.${id}`, label: REVIEW.indicatorRemoved, before: old ? `${old.name}：${old.annualTarget.text}` : id, after: null });
  }
  if (diff.indicatorsReordered) rows.push({ key: 'reordered', label: REVIEW.indicatorsReordered, before: null, after: null });
  return rows;
}

/** The marks for the submitted sheet: which top fields and which indicator cells changed. */
export function changedMarks(review: ReviewDetail): { fields: Set<string>; indicators: Map<string, Set<string>> } {
  const diff = review.changesSincePrevious;
  const fields = new Set<string>(diff?.fields ?? []);
  const indicators = new Map<string, Set<string>>();
  for (const c of diff?.indicatorsChanged ?? []) indicators.set(c.indicatorId, new Set(c.fields));
  for (const id of diff?.indicatorsAdded ?? []) indicators.set(id, new Set(['level1', 'level2', 'name', 'periodTarget', 'annualTarget']));
  return { fields, indicators };
}

/** Past due and still waiting. */
export function isOverdue(dueAt: string | null | undefined, now: Date = new Date()): boolean {
  return typeof dueAt === 'string' && new Date(dueAt).getTime() < now.getTime();
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
