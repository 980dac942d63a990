import {
  applyEvent,
  type ApplyOutcome,
  departmentStreamId,
  type RecordedEvent,
  type RegisteredDepartment,
  type ReportModel,
  type ReportSheet,
  type ReviewActivity,
  sheetStreamId,
  type StreamHead,
} from '@budget/domain';

const SHEET_PREFIX = sheetStreamId('');
const DEPARTMENT_PREFIX = departmentStreamId('');

export type StreamKind = 'sheet' | 'department' | 'other';

export function streamKind(streamId: string): StreamKind {
  if (streamId.startsWith(SHEET_PREFIX)) return 'sheet';
  if (streamId.startsWith(DEPARTMENT_PREFIX)) return 'department';
  return 'other';
}

/** The sheet id of a sheet stream, the department id of a department stream. */
export function entityIdOf(streamId: string): string | null {
  switch (streamKind(streamId)) {
    case 'sheet':
      return streamId.slice(SHEET_PREFIX.length);
    case 'department':
      return streamId.slice(DEPARTMENT_PREFIX.length);
    case 'other':
      return null;
  }
}

/**
 * The sheet stream an event is about: its own stream for sheet events, the sheet a review event
 * names (`data.sheetId`) for others; the stream itself when it names none.
 */
export function subjectOf(event: Pick<RecordedEvent, 'streamId' | 'data'>): string {
  if (streamKind(event.streamId) !== 'other') return event.streamId;
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const sheetId = (data as Record<string, unknown>)['sheetId'];
    if (typeof sheetId === 'string' && sheetId !== '') return sheetStreamId(sheetId);
  }
  return event.streamId;
}

/** What the projection holds about one stream: all that applyEvent reads to apply its next event. */
export interface StreamState {
  readonly head: StreamHead | null;
  /** For a sheet stream, the sheet; else null. */
  readonly sheet: ReportSheet | null;
  /** For a department stream, the department; else null. */
  readonly department: RegisteredDepartment | null;
}

/** The entries one event changed; null for those it left alone. */
export interface StreamStep {
  readonly outcome: ApplyOutcome;
  readonly head: StreamHead | null;
  readonly sheet: ReportSheet | null;
  readonly department: RegisteredDepartment | null;
  readonly reviewActivity: ReviewActivity | null;
}

/**
 * A ReportModel holding only what is known about the stream of `streamId`. applyEvent reads and
 * writes nothing but that stream's head, its sheet or department and the review activity it
 * records, so applying an event to this model decides exactly what applying it to the whole model
 * would, and the entries it leaves are the whole change. This is what lets the projection live in
 * PostgreSQL, one row per stream, instead of in memory.
 */
export function streamModel(streamId: string, state: StreamState): ReportModel {
  const id = entityIdOf(streamId);
  return {
    position: state.head?.globalPosition ?? null,
    recordedAt: null,
    firstRecordedAt: null,
    eventsApplied: 0,
    streams: new Map(state.head ? [[streamId, state.head]] : []),
    departments: new Map(id !== null && state.department ? [[id, state.department]] : []),
    sheets: new Map(id !== null && state.sheet ? [[id, state.sheet]] : []),
    reviewActivity: new Map(),
  };
}

/**
 * Applies one event (its globalPosition already the copy's position) to the state of its stream.
 * Throws ReportEventError, changing nothing, when the event cannot be applied.
 */
export function stepStream(state: StreamState, event: RecordedEvent): StreamStep {
  const model = streamModel(event.streamId, state);
  const outcome = applyEvent(model, event);
  if (outcome.outcome === 'duplicate') return { outcome, head: null, sheet: null, department: null, reviewActivity: null };
  const id = entityIdOf(event.streamId);
  const sheet = id === null ? undefined : model.sheets.get(id);
  const department = id === null ? undefined : model.departments.get(id);
  const [activity] = model.reviewActivity.values();
  return {
    outcome,
    head: model.streams.get(event.streamId) ?? null,
    sheet: sheet && sheet !== state.sheet ? sheet : null,
    department: department && department !== state.department ? department : null,
    reviewActivity: activity ?? null,
  };
}
