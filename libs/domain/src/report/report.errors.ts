export type ReportEventErrorCode =
  | 'MALFORMED_ENVELOPE' // the envelope lacks or mistypes eventId, type, streamId, streamVersion, globalPosition, recordedAt
  | 'UNKNOWN_EVENT_TYPE' // a type this code does not know on a sheet or department stream
  | 'UNSUPPORTED_SCHEMA_VERSION' // a schema version newer than this code, or one without an upcaster
  | 'MALFORMED_EVENT' // data that does not have the shape of its type and version
  | 'STREAM_GAP' // a sheet or department stream skipped a version: an earlier event is missing
  | 'CONFLICTING_EVENT' // another event already holds this stream version
  | 'INCONSISTENT_EVENT'; // well formed, but impossible where it stands (edit of a sheet never created, wrong stream)

/** Where the event that could not be applied sits, as far as its envelope could be read. */
export interface EventCoordinates {
  readonly eventId: string | null;
  readonly type: string | null;
  readonly schemaVersion: number | null;
  readonly streamId: string | null;
  readonly streamVersion: number | null;
  readonly globalPosition: string | null;
}

/**
 * An event the report projection cannot apply. Not a DomainError: it is no user's fault. The
 * consumer dead-letters the message with `toJSON()` and moves on; the model is left exactly as
 * it was before the call.
 */
export class ReportEventError extends Error {
  constructor(
    readonly code: ReportEventErrorCode,
    readonly event: EventCoordinates,
    message: string,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReportEventError';
  }

  toJSON(): { readonly name: string; readonly code: ReportEventErrorCode; readonly message: string; readonly event: EventCoordinates } {
    return { name: this.name, code: this.code, message: this.message, event: this.event };
  }
}
