import { type RecordedEvent } from '../events/envelope';
import { departmentStreamId } from '../organisation/organisation.decider';
import { type DepartmentEvent, type RegisteredDepartment } from '../organisation/organisation.types';
import { upcastDepartmentEvent } from '../organisation/organisation.upcasters';
import { EventSchemaError, isRecord, type StoredEvent } from '../core/upcasting';
import { type ReviewEvent } from '../review/review.types';
import { REVIEW_EVENT_SCHEMA_VERSIONS, upcastReviewEvent } from '../review/review.upcasters';
import { sheetStreamId } from '../sheet/sheet.decider';
import { type SheetEvent } from '../sheet/sheet.types';
import { upcastSheetEvent } from '../sheet/sheet.upcasters';
import { ReportEventError, type EventCoordinates } from './report.errors';
import { checkDepartmentEventShape, checkReviewEventShape, checkSheetEventShape, MalformedEventData } from './report.event-shape';
import { type EventPlace, handledBy, type Projected, reportDepartments, reportSheets, reviewActivity, streamHeads } from './report.read-models';
import { type ApplyOutcome, type ReportModel, type ReportSheet, type ReviewActivity, type StreamHead } from './report.types';

const SHEET_STREAM_PREFIX = sheetStreamId('');
const DEPARTMENT_STREAM_PREFIX = departmentStreamId('');

/** A recorded event read for the report: upcast and typed by the stream it is on. */
export type ReportInput =
  | { readonly kind: 'sheet'; readonly event: Projected<SheetEvent> }
  | { readonly kind: 'department'; readonly event: Projected<DepartmentEvent> }
  | { readonly kind: 'review'; readonly event: Projected<ReviewEvent> }
  /** An event of another stream the report does not read; only its stream's head moves. */
  | { readonly kind: 'other'; readonly event: Projected<{ readonly type: string; readonly data: unknown }>; readonly reason: string };

/** The rows an event may read: each read model's row by its key (null when there is none). */
export interface ReportRows {
  head(streamId: string): StreamHead | null;
  sheet(sheetId: string): ReportSheet | null;
  department(departmentId: string): RegisteredDepartment | null;
  activity(sheetId: string): ReviewActivity | null;
}

/** What one event did: the outcome, and the rows it changed (null for those it left alone). */
export interface ReportStep {
  readonly outcome: ApplyOutcome;
  readonly head: StreamHead | null;
  readonly sheet: ReportSheet | null;
  readonly department: RegisteredDepartment | null;
  readonly activity: ReviewActivity | null;
}

/** The envelope checked, and where the event sits. Throws ReportEventError MALFORMED_ENVELOPE. */
export function placeOf(recorded: RecordedEvent): EventPlace {
  const coordinates = coordinatesOf(recorded);
  checkEnvelope(recorded, coordinates);
  return {
    streamId: recorded.streamId,
    streamVersion: recorded.streamVersion,
    ref: { eventId: recorded.eventId, globalPosition: recorded.globalPosition, recordedAt: recorded.recordedAt },
    hash: typeof recorded.hash === 'string' ? recorded.hash : null,
    coordinates,
  };
}

/**
 * Reads a recorded event for the report: sheet and department streams upcast (upcastSheetEvent,
 * upcastDepartmentEvent) and their data checked; on other streams, events of the ReviewEvent union
 * upcast with upcastReviewEvent and checked, any other type left to the stream head alone. Throws
 * ReportEventError for an event it cannot read.
 */
export function readEvent(recorded: RecordedEvent, at: EventPlace = placeOf(recorded)): ReportInput {
  const { coordinates } = at;
  switch (streamKind(recorded.streamId)) {
    case 'sheet':
      return { kind: 'sheet', event: { ...typed(recorded, coordinates, upcastSheetEvent, checkSheetEventShape), at } };
    case 'department':
      return { kind: 'department', event: { ...typed(recorded, coordinates, upcastDepartmentEvent, checkDepartmentEventShape), at } };
    case 'other':
      if (Object.hasOwn(REVIEW_EVENT_SCHEMA_VERSIONS, recorded.type)) {
        return { kind: 'review', event: { ...typed(recorded, coordinates, upcastReviewEvent, checkReviewEventShape), at } };
      }
      return { kind: 'other', event: { type: recorded.type, data: recorded.data, at }, reason: `${recorded.type}: not an event the report reads` };
  }
}

export type StreamKind = 'sheet' | 'department' | 'other';

/** Sheet streams and department streams are folded whole, version after version; the others (the review service's) are read event by event. */
export function streamKind(streamId: string): StreamKind {
  if (streamId.startsWith(SHEET_STREAM_PREFIX)) return 'sheet';
  if (streamId.startsWith(DEPARTMENT_STREAM_PREFIX)) return 'department';
  return 'other';
}

/**
 * Applies one recorded event to the rows it touches, purely: the stream head says whether the
 * event is new, then the read models' evolve functions give the rows after it. A stream version
 * already applied is a duplicate and changes nothing (a redelivery or an overlapping replay is
 * harmless); on a sheet or department stream a skipped version is a STREAM_GAP, as the state would
 * be wrong without it. Throws ReportEventError, changing nothing, for an event it cannot apply.
 */
export function stepEvent(rows: ReportRows, recorded: RecordedEvent): ReportStep {
  const at = placeOf(recorded);
  const { streamId, streamVersion } = at;
  const head = rows.head(streamId);
  if (head && streamVersion <= head.streamVersion) {
    if (streamVersion === head.streamVersion && at.ref.eventId !== head.eventId) {
      throw new ReportEventError('CONFLICTING_EVENT', at.coordinates, `${streamId} version ${streamVersion} is already held by event ${head.eventId}, not ${at.ref.eventId}`);
    }
    return { outcome: { outcome: 'duplicate' }, head: null, sheet: null, department: null, activity: null };
  }
  const expected = (head?.streamVersion ?? 0) + 1;
  if (streamKind(streamId) !== 'other' && streamVersion !== expected) {
    throw new ReportEventError('STREAM_GAP', at.coordinates, `${streamId} jumps to version ${streamVersion}; version ${expected} is missing`);
  }
  const input = readEvent(recorded, at);
  const step = { head: streamHeads.evolve(head, input.event), sheet: null, department: null, activity: null };
  const unread = (name: string): ReportStep => ({ ...step, outcome: { outcome: 'ignored', reason: `${input.event.type}: not read by ${name}` } });
  // The stream says which union the event is typed in; each read model's `handles` says whether it sees it.
  switch (input.kind) {
    case 'sheet': {
      if (!handledBy(reportSheets, input.event)) return unread(reportSheets.name);
      const sheet = reportSheets.evolve(rows.sheet(reportSheets.keyOf(input.event)), input.event);
      return { ...step, outcome: { outcome: 'applied', kind: 'sheet' }, sheet };
    }
    case 'department': {
      if (!handledBy(reportDepartments, input.event)) return unread(reportDepartments.name);
      const department = reportDepartments.evolve(rows.department(reportDepartments.keyOf(input.event)), input.event);
      return { ...step, outcome: { outcome: 'applied', kind: 'department' }, department };
    }
    case 'review': {
      const review = input.event;
      if (!handledBy(reviewActivity, review)) return { ...step, outcome: { outcome: 'ignored', reason: `${review.type}: names no review level` } };
      const previous = rows.activity(reviewActivity.keyOf(review));
      const activity = reviewActivity.evolve(previous, review);
      if (activity === previous) return { ...step, outcome: { outcome: 'ignored', reason: `${review.type}: decided by the service, at no level` } };
      return { ...step, outcome: { outcome: 'applied', kind: 'review' }, activity };
    }
    case 'other':
      return { ...step, outcome: { outcome: 'ignored', reason: input.reason } };
  }
}

export interface ProjectEventsOptions {
  /** Called for an event that cannot be applied; without it the first such event throws. Nothing of that event is kept. */
  readonly onError?: (error: ReportEventError, event: RecordedEvent) => void;
  /** Called with what each event did. */
  readonly onStep?: (step: ReportStep, event: RecordedEvent) => void;
}

/** Folds events, in log order, into the report's read models, in memory: the rows of stepEvent kept in maps. */
export function projectEvents(events: Iterable<RecordedEvent>, options: ProjectEventsOptions = {}): ReportModel {
  const streams = new Map<string, StreamHead>();
  const sheets = new Map<string, ReportSheet>();
  const departments = new Map<string, RegisteredDepartment>();
  const activity = new Map<string, ReviewActivity>();
  const rows: ReportRows = {
    head: (id) => streams.get(id) ?? null,
    sheet: (id) => sheets.get(id) ?? null,
    department: (id) => departments.get(id) ?? null,
    activity: (id) => activity.get(id) ?? null,
  };
  let position: string | null = null;
  let recordedAt: string | null = null;
  let firstRecordedAt: string | null = null;
  let eventsApplied = 0;
  for (const event of events) {
    let step: ReportStep;
    try {
      step = stepEvent(rows, event);
    } catch (error) {
      if (!(error instanceof ReportEventError) || !options.onError) throw error;
      options.onError(error, event);
      continue;
    }
    options.onStep?.(step, event);
    if (!step.head) continue;
    streams.set(step.head.streamId, step.head);
    if (step.sheet) sheets.set(step.sheet.sheetId, step.sheet);
    if (step.department) departments.set(step.department.departmentId, step.department);
    if (step.activity) activity.set(step.activity.sheetId, step.activity);
    if (position === null || BigInt(event.globalPosition) > BigInt(position)) position = event.globalPosition;
    if (recordedAt === null || Date.parse(event.recordedAt) > Date.parse(recordedAt)) recordedAt = event.recordedAt;
    if (firstRecordedAt === null || Date.parse(event.recordedAt) < Date.parse(firstRecordedAt)) firstRecordedAt = event.recordedAt;
    eventsApplied++;
  }
  return { position, recordedAt, firstRecordedAt, eventsApplied, streams, departments, sheets, reviewActivity: activity };
}

// ---- reading one event --------------------------------------------------------------------

function typed<E extends { readonly type: string; readonly data: unknown }>(
  recorded: RecordedEvent,
  at: EventCoordinates,
  upcast: (stored: StoredEvent) => E,
  check: (event: E) => void,
): E {
  let event: E;
  try {
    event = upcast({ type: recorded.type, schemaVersion: recorded.schemaVersion, data: recorded.data });
  } catch (error) {
    if (error instanceof EventSchemaError) throw new ReportEventError(error.code, at, error.message, { cause: error });
    throw new ReportEventError('MALFORMED_EVENT', at, `${recorded.type}: ${messageOf(error)}`, { cause: error });
  }
  try {
    check(event);
  } catch (error) {
    if (!(error instanceof MalformedEventData)) throw error;
    throw new ReportEventError('MALFORMED_EVENT', at, `${recorded.type} v${recorded.schemaVersion}: ${error.message}`, { cause: error });
  }
  return event;
}

function coordinatesOf(event: unknown): EventCoordinates {
  const e: Record<string, unknown> = isRecord(event) ? event : {};
  const str = (key: string): string | null => (typeof e[key] === 'string' ? e[key] : null);
  const num = (key: string): number | null => (typeof e[key] === 'number' ? e[key] : null);
  return {
    eventId: str('eventId'),
    type: str('type'),
    schemaVersion: num('schemaVersion'),
    streamId: str('streamId'),
    streamVersion: num('streamVersion'),
    globalPosition: str('globalPosition'),
  };
}

function checkEnvelope(event: RecordedEvent, at: EventCoordinates): void {
  const problems: string[] = [];
  const raw = event as unknown;
  if (!isRecord(raw)) {
    problems.push('the event is not an object');
  } else {
    for (const key of ['eventId', 'type', 'streamId'] as const) {
      if (at[key] === null || at[key] === '') problems.push(`${key} is not a non-empty string`);
    }
    if (at.streamVersion === null || !Number.isSafeInteger(at.streamVersion) || at.streamVersion < 1) {
      problems.push('streamVersion is not a positive integer');
    }
    if (at.globalPosition === null || !/^\d+$/.test(at.globalPosition)) problems.push('globalPosition is not a decimal string');
    if (typeof raw['recordedAt'] !== 'string' || Number.isNaN(Date.parse(raw['recordedAt']))) problems.push('recordedAt is not an instant');
  }
  if (problems.length > 0) {
    throw new ReportEventError('MALFORMED_ENVELOPE', at, `malformed envelope: ${problems.join('; ')}`);
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
