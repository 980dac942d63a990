import {
  ACTING_FOR_LABEL,
  type DelegationGranted,
  evolveReview,
  evolveSheet,
  initialReviewState,
  initialSheetState,
  REVIEW_EVENT_LABELS,
  ROLE_LABELS,
  type ReviewEvent,
  type ReviewState,
  type Actor,
  type SheetEvent,
  type SheetState,
  SHEET_EVENT_LABELS,
  upcastReviewEvent,
  upcastSheetEvent,
} from '@budget/domain';
import { type CopiedEvent } from '../projection/copied-events';
import { streamKind } from '../projection/stream-step';
import { type HistoryChange, reviewChanges, sheetChanges } from './history-changes';
import { levelName } from './history-text';

// The parts: history-changes (what an event changed, field by field), history-text (levels and indicators as text).

/** Who did it, as every history shows them (sheet, review and department histories alike). */
export interface HistoryActor {
  readonly id: string;
  readonly role: string;
  readonly roleLabel: string;
  readonly name: string | null;
  readonly unitId: string | null;
  readonly departmentId: string | null;
}

export function historyActor(actor: Actor): HistoryActor {
  return {
    id: actor.id,
    role: actor.role,
    roleLabel: ROLE_LABELS[actor.role] ?? actor.role,
    name: actor.name ?? null,
    unitId: actor.unitId ?? null,
    departmentId: actor.departmentId ?? null,
  };
}

export interface HistoryActingFor {
  readonly delegatorId: string;
  readonly delegationId: string;
  readonly delegatorName: string | null;
  /** “代X审核”, with the delegator's name as the delegation recorded it (their id when it recorded none). */
  readonly label: string;
}

/** Delegation id → the delegator's name, from the DelegationGranted events of the copy (the review service's delegation streams). */
export type DelegatorNames = ReadonlyMap<string, string | null>;

export function delegatorNames(rows: Iterable<CopiedEvent>): Map<string, string | null> {
  const names = new Map<string, string | null>();
  for (const { envelope } of rows) {
    if (envelope.type !== 'DelegationGranted') continue;
    const data = envelope.data as DelegationGranted['data'];
    names.set(data.delegationId, data.delegator.name ?? null);
  }
  return names;
}

/** The delegators a sheet's review events name as acted for: whose delegation streams the history reads for their names. */
export function delegatorsActedFor(rows: Iterable<CopiedEvent>): string[] {
  const ids = new Set<string>();
  for (const { envelope } of rows) {
    const actingFor = (envelope.data as { actingFor?: { delegatorId?: unknown } } | null)?.actingFor;
    if (typeof actingFor?.delegatorId === 'string') ids.add(actingFor.delegatorId);
  }
  return [...ids];
}

function actingForOf(data: { readonly actingFor?: { readonly delegatorId: string; readonly delegationId: string } }, names: DelegatorNames): HistoryActingFor | null {
  if (!data.actingFor) return null;
  const { delegatorId, delegationId } = data.actingFor;
  const delegatorName = names.get(delegationId) ?? null;
  return { delegatorId, delegationId, delegatorName, label: ACTING_FOR_LABEL(delegatorName ?? delegatorId) };
}

export interface HistoryEntry {
  /** Position in the reporting copy. */
  readonly position: string;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  /** What happened, in Chinese. */
  readonly label: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: HistoryActor;
  readonly source: 'sheet' | 'review';
  readonly reviewId: string | null;
  /** 代理审批: the delegator a delegate acted for (the history says “代X审核”); null when one acted in one's own name. */
  readonly actingFor: HistoryActingFor | null;
  readonly changes: readonly HistoryChange[];
  /** What the event says beyond field changes: findings, comments, waivers, grades, reasons. */
  readonly details: Readonly<Record<string, unknown>>;
  /** Set when the event could not be read with the current code; its data is then in details. */
  readonly unreadable: string | null;
}

/** Fields of a review event's data that every review event repeats (ReviewRef); left out of details. */
const REVIEW_REF_FIELDS = new Set(['reviewId', 'sheetId', 'submissionNo', 'round', 'fiscalYear', 'departmentId', 'unitId', 'projectName', 'content']);

const EVENT_LABELS: Readonly<Record<string, string>> = { ...SHEET_EVENT_LABELS, ...REVIEW_EVENT_LABELS };

function sheetDetails(event: SheetEvent): Record<string, unknown> {
  switch (event.type) {
    case 'SheetSubmitted':
      return { submissionNo: event.data.submissionNo, waiverRequests: event.data.waiverRequests, changesSincePrevious: event.data.changesSincePrevious };
    case 'SheetWithdrawn':
      return { submissionNo: event.data.submissionNo, reason: event.data.reason };
    case 'SheetReviewStarted':
      return { submissionNo: event.data.submissionNo, reviewId: event.data.reviewId };
    case 'SheetRevisionRequested':
      return { reviewId: event.data.reviewId, round: event.data.round, reasons: event.data.reasons, comments: event.data.comments };
    case 'SheetApproved':
      return { reviewId: event.data.reviewId, grade: event.data.grade, conditions: event.data.conditions };
    case 'SheetRejected':
      return { reviewId: event.data.reviewId, grade: event.data.grade, reason: event.data.reason };
    case 'SheetReopened':
      return { reviewId: event.data.reviewId, reason: event.data.reason };
    case 'DraftCreated':
      // A draft carried forward (持续性项目) names the approved sheet it was copied from.
      return { source: event.data.source, ...(event.data.origin && { origin: event.data.origin }) };
    case 'DraftProjectRenamed':
    case 'DraftFundingChanged':
    case 'DraftGoalChanged':
    case 'DraftIndicatorAdded':
    case 'DraftIndicatorChanged':
    case 'DraftIndicatorRemoved':
    case 'DraftIndicatorsReordered':
      return {};
  }
}

function reviewDetails(data: unknown): Record<string, unknown> {
  if (typeof data !== 'object' || data === null) return {};
  const details: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) if (!REVIEW_REF_FIELDS.has(key)) details[key] = value;
  if (typeof details['level'] === 'string') details['levelName'] = levelName(details['level']);
  return details;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The story of one sheet from the copy: the events of its own stream and those of its reviews (the
 * copy's subject), each with who did it, when, and what changed field by field. Each stream is
 * folded in the copy's order (its version order); the entries are listed by the time they were
 * recorded, then by position, because the copy interleaves the two topics as they arrive (a review
 * event can arrive before the sheet event that caused it). Reads every event it can; one it cannot
 * read is listed as it is, never dropped.
 */
export function sheetHistory(rows: Iterable<CopiedEvent>, delegators: DelegatorNames = new Map()): HistoryEntry[] {
  let sheet: SheetState = initialSheetState();
  const reviews = new Map<string, ReviewState>();
  const entries: HistoryEntry[] = [];
  for (const row of rows) {
    const e = row.envelope;
    const isSheet = streamKind(e.streamId) === 'sheet';
    const base = {
      position: row.position,
      eventId: e.eventId,
      streamId: e.streamId,
      streamVersion: e.streamVersion,
      type: e.type,
      label: EVENT_LABELS[e.type] ?? e.type,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      actor: historyActor(e.actor),
      source: isSheet ? ('sheet' as const) : ('review' as const),
    };
    try {
      if (isSheet) {
        const event = upcastSheetEvent({ type: e.type, schemaVersion: e.schemaVersion, data: e.data });
        const next = evolveSheet(sheet, event);
        const reviewId = 'reviewId' in event.data && typeof event.data.reviewId === 'string' ? event.data.reviewId : null;
        entries.push({ ...base, reviewId, actingFor: null, changes: sheetChanges(sheet, next), details: sheetDetails(event), unreadable: null });
        sheet = next;
      } else {
        const event: ReviewEvent = upcastReviewEvent({ type: e.type, schemaVersion: e.schemaVersion, data: e.data });
        const before = reviews.get(e.streamId) ?? initialReviewState();
        const after = evolveReview(before, event);
        reviews.set(e.streamId, after);
        const label = EVENT_LABELS[e.type] ?? e.type;
        const level = 'level' in event.data ? levelName(event.data.level) : null;
        const actingFor = actingForOf(event.data as { actingFor?: { delegatorId: string; delegationId: string } }, delegators);
        entries.push({
          ...base,
          label: `${level ? `${label}（${level}）` : label}${actingFor ? `，${actingFor.label}` : ''}`,
          reviewId: event.data.reviewId,
          actingFor,
          changes: reviewChanges(before, after),
          details: reviewDetails(event.data),
          unreadable: null,
        });
      }
    } catch (error) {
      entries.push({ ...base, reviewId: null, actingFor: null, changes: [], details: { data: e.data }, unreadable: messageOf(error) });
    }
  }
  const position = (e: HistoryEntry): bigint => BigInt(e.position);
  return entries.sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt) || (position(a) < position(b) ? -1 : position(a) > position(b) ? 1 : 0));
}
