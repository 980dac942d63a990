import {
  departmentStreamId,
  type RecordedEvent,
  type RegisteredDepartment,
  ReportEventError,
  type ReportRows,
  type ReportModel,
  type ReportSheet,
  type ReviewActivity,
  stepEvent,
  type StreamHead,
} from '@budget/domain';
import { type CopiedEvent, type CreationOrder } from '../projection/copied-events';
import { type SheetEntry, sheetEntry, sheetOfEntry } from '../infrastructure/sheet-entry';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A sheet as the database gives it back from its entry's text (ReportQueries, readRowsByKey). */
const sheetOfText = (entry: string): ReportSheet => sheetOfEntry(JSON.parse(entry) as SheetEntry);

/**
 * appendEvent without PostgreSQL: one JSON row per stream head, sheet, department and
 * review activity (every read and write a JSON round trip, as jsonb is), the copy with its own
 * positions, and the refused events.
 */
export class MemoryProjection {
  readonly copy: CopiedEvent[] = [];
  readonly refused: { readonly event: RecordedEvent; readonly error: ReportEventError }[] = [];
  private readonly heads = new Map<string, string>();
  private readonly sheets = new Map<string, { entry: string; created: bigint }>();
  private readonly departments = new Map<string, string>();
  private readonly activity = new Map<string, string>();
  private recordedAt: string | null = null;
  private firstRecordedAt: string | null = null;

  append(event: RecordedEvent): 'copied' | 'refused' {
    const position = String(this.copy.length + 1);
    const read = <T>(text: string | undefined): T | null => (text === undefined ? null : (JSON.parse(text) as T));
    const rows: ReportRows = {
      head: (streamId) => read<StreamHead>(this.heads.get(streamId)),
      sheet: (sheetId) => {
        const stored = this.sheets.get(sheetId);
        return stored === undefined ? null : sheetOfText(stored.entry);
      },
      department: (departmentId) => read<RegisteredDepartment>(this.departments.get(departmentId)),
      activity: (sheetId) => read<ReviewActivity>(this.activity.get(sheetId)),
    };
    try {
      const step = stepEvent(rows, { ...event, globalPosition: position });
      if (!step.head) throw new Error(`duplicate ${event.eventId}`);
      this.heads.set(event.streamId, JSON.stringify(step.head));
      if (step.sheet) {
        const created = this.sheets.get(step.sheet.sheetId)?.created ?? BigInt(event.globalPosition);
        this.sheets.set(step.sheet.sheetId, { entry: JSON.stringify(sheetEntry(step.sheet)), created });
      }
      if (step.department) this.departments.set(step.department.departmentId, JSON.stringify(step.department));
      if (step.activity) this.activity.set(step.activity.sheetId, JSON.stringify(step.activity));
    } catch (error) {
      if (!(error instanceof ReportEventError)) throw error;
      this.refused.push({ event, error });
      return 'refused';
    }
    this.copy.push({ position, sourcePosition: event.globalPosition, envelope: clone(event) });
    if (this.recordedAt === null || event.recordedAt > this.recordedAt) this.recordedAt = event.recordedAt;
    if (this.firstRecordedAt === null || event.recordedAt < this.firstRecordedAt) this.firstRecordedAt = event.recordedAt;
    return 'copied';
  }

  /** What ReportQueries.loadModel builds from the rows. */
  model(): { model: ReportModel; creation: CreationOrder } {
    const sheets = [...this.sheets.values()].map((r) => sheetOfText(r.entry));
    const departments = [...this.departments.values()].map((t) => JSON.parse(t) as RegisteredDepartment);
    const heads = [...this.heads.values()].map((t) => JSON.parse(t) as StreamHead);
    return {
      model: {
        position: this.copy.length === 0 ? null : String(this.copy.length),
        recordedAt: this.recordedAt,
        firstRecordedAt: this.firstRecordedAt,
        eventsApplied: this.copy.length,
        streams: new Map(heads.map((h) => [h.streamId, h])),
        departments: new Map(departments.map((d) => [d.departmentId, d])),
        sheets: new Map(sheets.map((s) => [s.sheetId, s])),
        reviewActivity: new Map([...this.activity.values()].map((t) => JSON.parse(t) as ReviewActivity).map((a) => [a.sheetId, a])),
      },
      creation: new Map([...this.sheets.entries()].map(([id, r]) => [id, r.created])),
    };
  }

  /** The streams of a department-year table, as ReportQueries.tableStreams lists them. */
  tableStreams(departmentId: string, fiscalYear: number): string[] {
    const sheets = [...this.sheets.values()].map((r) => sheetOfText(r.entry));
    return [
      departmentStreamId(departmentId),
      ...sheets.filter((s) => s.state.content.departmentId === departmentId && s.state.content.fiscalYear === fiscalYear).map((s) => s.streamId),
    ];
  }
}
