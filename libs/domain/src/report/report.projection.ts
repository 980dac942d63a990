import { type RecordedEvent } from '../events/envelope';
import { departmentStreamId, evolveDepartment, initialDepartmentState } from '../organisation/organisation.decider';
import { type DepartmentEvent, type RegisteredDepartment } from '../organisation/organisation.types';
import { upcastDepartmentEvent } from '../organisation/organisation.upcasters';
import { EventSchemaError, isRecord } from '../core/upcasting';
import { evolveSheet, initialSheetState, sheetStreamId } from '../sheet/sheet.decider';
import { type SheetEvent, type SheetState } from '../sheet/sheet.types';
import { upcastSheetEvent } from '../sheet/sheet.upcasters';
import { ReportEventError, type EventCoordinates } from './report.errors';
import { checkDepartmentEventShape, checkSheetEventShape, MalformedEventData } from './report.event-shape';
import {
  type ApplyOutcome,
  type Approval,
  type EventRef,
  type ReportModel,
  type ReportSheet,
  type ReviewActivity,
  type StreamHead,
} from './report.types';

/** The name and version a persisted copy of this projection is stored under; bump the version to force a rebuild. */
export const REPORT_PROJECTION = { name: 'report', version: 1 } as const;

const SHEET_STREAM_PREFIX = sheetStreamId('');
const DEPARTMENT_STREAM_PREFIX = departmentStreamId('');

interface MutableReportModel {
  position: string | null;
  recordedAt: string | null;
  firstRecordedAt: string | null;
  eventsApplied: number;
  readonly streams: Map<string, StreamHead>;
  readonly departments: Map<string, RegisteredDepartment>;
  readonly sheets: Map<string, ReportSheet>;
  readonly reviewActivity: Map<string, ReviewActivity>;
}

export function createReportModel(): ReportModel {
  const model: MutableReportModel = {
    position: null,
    recordedAt: null,
    firstRecordedAt: null,
    eventsApplied: 0,
    streams: new Map(),
    departments: new Map(),
    sheets: new Map(),
    reviewActivity: new Map(),
  };
  return model;
}

/** A snapshot that later applyEvent calls on either copy do not affect (entries are immutable, only the maps are copied). */
export function cloneReportModel(model: ReportModel): ReportModel {
  const copy: MutableReportModel = {
    position: model.position,
    recordedAt: model.recordedAt,
    firstRecordedAt: model.firstRecordedAt,
    eventsApplied: model.eventsApplied,
    streams: new Map(model.streams),
    departments: new Map(model.departments),
    sheets: new Map(model.sheets),
    reviewActivity: new Map(model.reviewActivity),
  };
  return copy;
}

/**
 * Applies one recorded event to the model, in place, and says what it did.
 *
 * - Sheet streams (`sheet-…`) are upcast with upcastSheetEvent and folded with evolveSheet; the
 *   department stream (`department-…`) with upcastDepartmentEvent and evolveDepartment. Their
 *   versions must follow each other: a skipped version is a STREAM_GAP, as the state would be
 *   wrong without the missing event.
 * - Any other stream (the review service's) is read tolerantly: an event whose data has a string
 *   `sheetId` and a `level` (a number, a non-empty string, or an object with `name`/`label`/`id`
 *   or `index`/`step`) records where that sheet's review stands; an optional `reviewId` ties it to
 *   one review and an optional `role` names who acts at that level. Anything else is ignored.
 * - An event at a stream version already applied is a duplicate and changes nothing, so a
 *   redelivery or an overlapping replay is harmless.
 *
 * Throws ReportEventError (and leaves the model untouched) for an event it cannot apply.
 */
export function applyEvent(model: ReportModel, event: RecordedEvent): ApplyOutcome {
  const m = model as MutableReportModel;
  const coordinates = coordinatesOf(event);
  checkEnvelope(event, coordinates);
  const { streamId, streamVersion } = event;
  const head = m.streams.get(streamId);
  if (head && streamVersion <= head.streamVersion) {
    if (streamVersion === head.streamVersion && event.eventId !== head.eventId) {
      throw new ReportEventError(
        'CONFLICTING_EVENT',
        coordinates,
        `${streamId} version ${streamVersion} is already held by event ${head.eventId}, not ${event.eventId}`,
      );
    }
    return { outcome: 'duplicate' };
  }

  const ref: EventRef = { eventId: event.eventId, globalPosition: event.globalPosition, recordedAt: event.recordedAt };
  let outcome: ApplyOutcome;
  let commit: () => void = () => undefined;
  if (streamId.startsWith(SHEET_STREAM_PREFIX) || streamId.startsWith(DEPARTMENT_STREAM_PREFIX)) {
    const expected = (head?.streamVersion ?? 0) + 1;
    if (streamVersion !== expected) {
      throw new ReportEventError('STREAM_GAP', coordinates, `${streamId} jumps to version ${streamVersion}; version ${expected} is missing`);
    }
    if (streamId.startsWith(SHEET_STREAM_PREFIX)) {
      const sheet = nextSheet(m, event, ref, coordinates);
      commit = () => m.sheets.set(sheet.sheetId, sheet);
      outcome = { outcome: 'applied', kind: 'sheet' };
    } else {
      const department = nextDepartment(m, event, coordinates);
      commit = () => m.departments.set(department.departmentId, department);
      outcome = { outcome: 'applied', kind: 'department' };
    }
  } else {
    const activity = readReviewActivity(event, ref);
    if (typeof activity === 'string') {
      outcome = { outcome: 'ignored', reason: activity };
    } else {
      commit = () => m.reviewActivity.set(activity.sheetId, activity);
      outcome = { outcome: 'applied', kind: 'review' };
    }
  }

  // Everything that can throw has run: from here on the model changes as a whole.
  commit();
  m.streams.set(streamId, {
    streamId,
    streamVersion,
    eventId: event.eventId,
    hash: typeof event.hash === 'string' ? event.hash : null,
    globalPosition: event.globalPosition,
  });
  if (m.position === null || BigInt(event.globalPosition) > BigInt(m.position)) m.position = event.globalPosition;
  if (m.recordedAt === null || Date.parse(event.recordedAt) > Date.parse(m.recordedAt)) m.recordedAt = event.recordedAt;
  if (m.firstRecordedAt === null || Date.parse(event.recordedAt) < Date.parse(m.firstRecordedAt)) m.firstRecordedAt = event.recordedAt;
  m.eventsApplied++;
  return outcome;
}

export interface ProjectEventsOptions {
  /** Called for an event that cannot be applied; without it the first such event throws. The model stays as before that event. */
  readonly onError?: (error: ReportEventError, event: RecordedEvent) => void;
}

/** Folds events, in log order, into `model` (a new one by default) and returns it. */
export function projectEvents(
  events: Iterable<RecordedEvent>,
  model: ReportModel = createReportModel(),
  options: ProjectEventsOptions = {},
): ReportModel {
  for (const event of events) {
    try {
      applyEvent(model, event);
    } catch (error) {
      if (!(error instanceof ReportEventError) || !options.onError) throw error;
      options.onError(error, event);
    }
  }
  return model;
}

// ---- sheets and departments ----------------------------------------------------------------

function nextSheet(m: MutableReportModel, recorded: RecordedEvent, ref: EventRef, at: EventCoordinates): ReportSheet {
  const event = readStream(recorded, at, upcastSheetEvent, checkSheetEventShape);
  const { sheetId } = event.data;
  if (recorded.streamId !== sheetStreamId(sheetId)) {
    throw new ReportEventError('INCONSISTENT_EVENT', at, `${event.type} of sheet ${sheetId} on stream ${recorded.streamId}`);
  }
  const previous = m.sheets.get(sheetId);
  if (event.type === 'DraftCreated' && previous) {
    throw new ReportEventError('INCONSISTENT_EVENT', at, `DraftCreated for sheet ${sheetId}, which already exists`);
  }
  let state: SheetState;
  try {
    state = evolveSheet(previous?.state ?? initialSheetState(), event);
  } catch (error) {
    throw new ReportEventError('INCONSISTENT_EVENT', at, `${event.type} cannot be applied: ${messageOf(error)}`, { cause: error });
  }
  if (state.status === 'empty') throw new ReportEventError('INCONSISTENT_EVENT', at, `${event.type} left sheet ${sheetId} empty`);

  let approval: Approval | null = null;
  if (state.status === 'approved') {
    approval =
      event.type === 'SheetApproved'
        ? { at: ref, reviewId: event.data.reviewId, grade: event.data.grade, conditions: event.data.conditions ?? null }
        : (previous?.approval ?? null);
  }
  return {
    sheetId,
    streamId: recorded.streamId,
    state,
    created: previous?.created ?? ref,
    lastChange: ref,
    approval,
    lastReviewId: 'reviewId' in state ? state.reviewId : (previous?.lastReviewId ?? null),
    reopened: event.type === 'SheetReopened' || (event.type !== 'SheetSubmitted' && (previous?.reopened ?? false)),
  };
}

function nextDepartment(m: MutableReportModel, recorded: RecordedEvent, at: EventCoordinates): RegisteredDepartment {
  const event: DepartmentEvent = readStream(recorded, at, upcastDepartmentEvent, checkDepartmentEventShape);
  const { departmentId } = event.data;
  if (recorded.streamId !== departmentStreamId(departmentId)) {
    throw new ReportEventError('INCONSISTENT_EVENT', at, `${event.type} of department ${departmentId} on stream ${recorded.streamId}`);
  }
  const previous = m.departments.get(departmentId);
  if (event.type === 'DepartmentRegistered' && previous) {
    throw new ReportEventError('INCONSISTENT_EVENT', at, `department ${departmentId} registered twice`);
  }
  try {
    const state = evolveDepartment(previous ?? initialDepartmentState(), event);
    if (state.status !== 'registered') throw new Error('department not registered');
    return state;
  } catch (error) {
    throw new ReportEventError('INCONSISTENT_EVENT', at, `${event.type} cannot be applied: ${messageOf(error)}`, { cause: error });
  }
}

function readStream<E extends SheetEvent | DepartmentEvent>(
  recorded: RecordedEvent,
  at: EventCoordinates,
  upcast: (stored: { type: string; schemaVersion: number; data: unknown }) => E,
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

// ---- review events, read generically --------------------------------------------------------

const LEVEL_NAMES: Readonly<Record<string, string>> = {
  unit_head: '单位负责人',
  unit: '单位负责人',
  department_reviewer: '部门审核',
  department: '部门审核',
  finance_reviewer: '财政审核',
  finance: '财政审核',
};

/** The activity, or why the event is not one. */
function readReviewActivity(event: RecordedEvent, at: EventRef): ReviewActivity | string {
  const data: unknown = event.data;
  if (!isRecord(data)) return `${event.type}: data is not an object`;
  const { sheetId, reviewId, role } = data;
  if (typeof sheetId !== 'string' || sheetId === '') return `${event.type}: no sheetId`;
  if (!Object.hasOwn(data, 'level')) return `${event.type}: no level`;
  const level = readLevel(data['level']);
  if (level === null) return `${event.type}: level is neither a number, a name nor an object naming one`;
  const roleName = typeof role === 'string' && role !== '' ? role : level.role;
  const baseLabel = typeof level.value === 'number' ? `第${level.value}级` : (LEVEL_NAMES[level.value] ?? level.value);
  const roleLabel = roleName === null ? null : (LEVEL_NAMES[roleName] ?? roleName);
  return {
    sheetId,
    reviewId: typeof reviewId === 'string' && reviewId !== '' ? reviewId : null,
    level: level.value,
    levelLabel: roleLabel !== null && roleLabel !== baseLabel ? `${baseLabel}（${roleLabel}）` : baseLabel,
    role: roleName,
    eventType: event.type,
    at,
  };
}

function readLevel(value: unknown): { readonly value: string | number; readonly role: string | null } | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? { value, role: null } : null;
  if (typeof value === 'string') return value.trim() === '' ? null : { value, role: null };
  if (!isRecord(value)) return null;
  const role = typeof value['role'] === 'string' && value['role'] !== '' ? value['role'] : null;
  for (const key of ['name', 'label', 'id']) {
    const v = value[key];
    if (typeof v === 'string' && v.trim() !== '') return { value: v, role };
  }
  for (const key of ['index', 'step', 'level']) {
    const v = value[key];
    if (typeof v === 'number' && Number.isSafeInteger(v)) return { value: v, role };
  }
  return null;
}

// ---- envelope --------------------------------------------------------------------------------

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

