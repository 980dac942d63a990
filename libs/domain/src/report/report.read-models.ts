import { departmentStreamId, evolveDepartment, initialDepartmentState } from '../organisation/organisation.decider';
import { type DepartmentEvent, type DepartmentEventType, type RegisteredDepartment } from '../organisation/organisation.types';
import { DEPARTMENT_EVENT_SCHEMA_VERSIONS } from '../organisation/organisation.upcasters';
import { SIGN_OFF_LEVEL_ROLES } from '../review/review.chain';
import { SIGN_OFF_LEVEL_NAMES } from '../review/review.labels';
import { type ReviewEvent, type ReviewEventType, type SignOffLevel, type SignOffRole } from '../review/review.types';
import { evolveSheet, initialSheetState, sheetStreamId } from '../sheet/sheet.decider';
import { type SheetEvent, type SheetEventType } from '../sheet/sheet.types';
import { SHEET_EVENT_SCHEMA_VERSIONS } from '../sheet/sheet.upcasters';
import { ReportEventError, type EventCoordinates } from './report.errors';
import { type Approval, type EventRef, type ReportSheet, type ReviewActivity, type StreamHead } from './report.types';

/** Where an event sits: its stream and version, its place in the log, the hash chain's link. */
export interface EventPlace {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly ref: EventRef;
  readonly hash: string | null;
  /** For error messages: the envelope as far as it was read. */
  readonly coordinates: EventCoordinates;
}

/** An upcast, typed event with where it sits: what every read model's evolve receives. */
export type Projected<E extends { readonly type: string; readonly data: unknown }> = E & { readonly at: EventPlace };

/**
 * A read model as a pure function per row: `evolve(row, event)` is the row after the event (null:
 * the row goes). `name` is the table it is kept in, `version` the shape of its rows: a stored
 * copy made by another version is rebuilt at start-up. `handles` lists the event types it reads,
 * and is what decides it (see handledBy): every other event leaves its rows alone, unseen.
 */
export interface ReadModelProjection<Row, E extends { readonly type: string; readonly data: unknown }> {
  readonly name: string;
  readonly version: number;
  readonly handles: readonly E['type'][] | 'every event';
  /** The key of the row an event changes. */
  keyOf(event: Projected<E>): string;
  /** Throws ReportEventError (and so changes nothing) for an event impossible where it stands. */
  evolve(row: Row | null, event: Projected<E>): Row | null;
}

const SHEET_EVENT_TYPES = Object.keys(SHEET_EVENT_SCHEMA_VERSIONS) as SheetEventType[];
const DEPARTMENT_EVENT_TYPES = Object.keys(DEPARTMENT_EVENT_SCHEMA_VERSIONS) as DepartmentEventType[];

/** Review events that say at which level of the sign-off chain a review stands. */
export type ReviewLevelEvent = Extract<ReviewEvent, { readonly data: { readonly level: SignOffLevel | null } }>;
const REVIEW_LEVEL_EVENT_TYPES: readonly ReviewLevelEvent['type'][] = [
  'LevelTaskOpened',
  'WarningsAcknowledged',
  'WaiverDecided',
  'LevelApproved',
  'ReviewRevisionRequested',
  'ReviewApproved',
  'ReviewRejected',
];

export function isReviewLevelEvent(event: ReviewEvent): event is ReviewLevelEvent {
  return (REVIEW_LEVEL_EVENT_TYPES as readonly ReviewEventType[]).includes(event.type);
}

/** Whether `model` reads `event`: its `handles`, the one list that decides which events a read model sees. */
export function handledBy<Row, E extends { readonly type: string; readonly data: unknown }>(
  model: ReadModelProjection<Row, E>,
  event: Projected<{ readonly type: string; readonly data: unknown }>,
): event is Projected<E> {
  return model.handles === 'every event' || (model.handles as readonly string[]).includes(event.type);
}

function inconsistent(event: Projected<{ type: string; data: unknown }>, message: string, cause?: unknown): ReportEventError {
  return new ReportEventError('INCONSISTENT_EVENT', event.at.coordinates, message, cause === undefined ? undefined : { cause });
}

/** The aggregate's own evolve, its refusal (an event impossible in that state) turned into INCONSISTENT_EVENT. */
function folded<S>(event: Projected<{ type: string; data: unknown }>, evolve: () => S): S {
  try {
    return evolve();
  } catch (error) {
    throw inconsistent(event, `${event.type} cannot be applied: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

/** One sheet: its folded state (evolveSheet) and where its events sit in the log. */
export const reportSheets: ReadModelProjection<ReportSheet, SheetEvent> = {
  name: 'report_sheets',
  version: 1,
  handles: SHEET_EVENT_TYPES,
  keyOf: (event) => event.data.sheetId,
  evolve(previous, event) {
    const { sheetId } = event.data;
    if (event.at.streamId !== sheetStreamId(sheetId)) throw inconsistent(event, `${event.type} of sheet ${sheetId} on stream ${event.at.streamId}`);
    if (event.type === 'DraftCreated' && previous) throw inconsistent(event, `DraftCreated for sheet ${sheetId}, which already exists`);
    const state = folded(event, () => evolveSheet(previous?.state ?? initialSheetState(), event));
    if (state.status === 'empty') throw inconsistent(event, `${event.type} left sheet ${sheetId} empty`);
    const ref = event.at.ref;
    let approval: Approval | null = null;
    if (state.status === 'approved') {
      approval =
        event.type === 'SheetApproved'
          ? { at: ref, reviewId: event.data.reviewId, grade: event.data.grade, conditions: event.data.conditions ?? null }
          : (previous?.approval ?? null);
    }
    return {
      sheetId,
      streamId: event.at.streamId,
      state,
      created: previous?.created ?? ref,
      lastChange: ref,
      approval,
      lastReviewId: 'reviewId' in state ? state.reviewId : (previous?.lastReviewId ?? null),
      reopened: event.type === 'SheetReopened' || (event.type !== 'SheetSubmitted' && (previous?.reopened ?? false)),
    };
  },
};

/** One registered department with its units (evolveDepartment). */
export const reportDepartments: ReadModelProjection<RegisteredDepartment, DepartmentEvent> = {
  name: 'report_departments',
  version: 1,
  handles: DEPARTMENT_EVENT_TYPES,
  keyOf: (event) => event.data.departmentId,
  evolve(previous, event) {
    const { departmentId } = event.data;
    if (event.at.streamId !== departmentStreamId(departmentId)) {
      throw inconsistent(event, `${event.type} of department ${departmentId} on stream ${event.at.streamId}`);
    }
    if (event.type === 'DepartmentRegistered' && previous) throw inconsistent(event, `department ${departmentId} registered twice`);
    const state = folded(event, () => evolveDepartment(previous ?? initialDepartmentState(), event));
    if (state.status !== 'registered') throw inconsistent(event, `${event.type} cannot be applied: department not registered`);
    return state;
  },
};

/**
 * Where a sheet's review stands, by sheet: the level of the latest review event that names one.
 * Kept for sheets not seen yet, as the reviews topic may run ahead of the targets topic. A revision
 * request decided by the service itself (no level) leaves the row as it was.
 * Version 2: read from the typed ReviewEvent union (version 1 guessed the level's shape).
 * Version 3: rows say for whom a delegate took the step (`actingFor`, 代理审批).
 * Version 4: rows carry the open level's due time (`dueAt`, from LevelTaskOpened), so /progress says 已逾期.
 */
export const reviewActivity: ReadModelProjection<ReviewActivity, ReviewLevelEvent> = {
  name: 'review_activity',
  version: 4,
  handles: REVIEW_LEVEL_EVENT_TYPES,
  keyOf: (event) => event.data.sheetId,
  evolve(previous, event) {
    const { level } = event.data;
    if (level === null) return previous;
    const role: SignOffRole = event.type === 'LevelTaskOpened' ? event.data.role : SIGN_OFF_LEVEL_ROLES[level];
    return {
      sheetId: event.data.sheetId,
      reviewId: event.data.reviewId,
      level,
      levelLabel: SIGN_OFF_LEVEL_NAMES[level],
      role,
      eventType: event.type,
      at: event.at.ref,
      actingFor: 'actingFor' in event.data && event.data.actingFor ? event.data.actingFor : null,
      dueAt:
        event.type === 'LevelTaskOpened'
          ? event.data.dueAt
          : previous !== null && previous.reviewId === event.data.reviewId && previous.level === level
            ? (previous.dueAt ?? null)
            : null,
    };
  },
};

/**
 * The last event applied of every stream, whatever its type: what tells a redelivery (a version
 * already applied) from a gap, and what an export carries to be checked against the hash chain.
 * It must see every event (its type says so): stepEvent reads it before any other read model.
 */
export const streamHeads: ReadModelProjection<StreamHead, { readonly type: string; readonly data: unknown }> & { readonly handles: 'every event' } = {
  name: 'stream_heads',
  version: 1,
  handles: 'every event',
  keyOf: (event) => event.at.streamId,
  evolve: (_previous, event) => ({
    streamId: event.at.streamId,
    streamVersion: event.at.streamVersion,
    eventId: event.at.ref.eventId,
    hash: event.at.hash,
    globalPosition: event.at.ref.globalPosition,
  }),
};

/** Every read model of the report, in the order they are applied. */
export const REPORT_READ_MODELS = [streamHeads, reportSheets, reportDepartments, reviewActivity] as const;

export type ReadModelVersions = Readonly<Record<string, number>>;

/** The version of each read model in this code, by name. */
export function readModelVersions(): ReadModelVersions {
  return Object.fromEntries(REPORT_READ_MODELS.map((p) => [p.name, p.version]));
}

/** The read models whose stored version differs from this code's (a missing one counts as different). */
export function staleReadModels(stored: ReadModelVersions): string[] {
  return REPORT_READ_MODELS.filter((p) => stored[p.name] !== p.version).map((p) => p.name);
}
