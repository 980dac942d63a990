import {
  departmentStreamId,
  type RecordedEvent,
  type RegisteredDepartment,
  ReportEventError,
  type ReportModel,
  type ReportSheet,
  type ReviewActivity,
  type StreamHead,
} from '@budget/domain';
import { type CopiedEvent, type CreationOrder } from '../projection/copied-events';
import { entityIdOf, stepStream, streamKind } from '../projection/stream-step';

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * ReportStore.append without PostgreSQL: one JSON row per stream head, sheet, department and
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
    const id = entityIdOf(event.streamId);
    const kind = streamKind(event.streamId);
    const read = <T>(map: Map<string, string>, key: string | null): T | null => {
      const text = key === null ? undefined : map.get(key);
      return text === undefined ? null : (JSON.parse(text) as T);
    };
    const sheetRow = kind === 'sheet' && id !== null ? this.sheets.get(id) : undefined;
    try {
      const step = stepStream(
        {
          head: read<StreamHead>(this.heads, event.streamId),
          sheet: sheetRow ? (JSON.parse(sheetRow.entry) as ReportSheet) : null,
          department: kind === 'department' ? read<RegisteredDepartment>(this.departments, id) : null,
        },
        { ...event, globalPosition: position },
      );
      if (!step.head) throw new Error(`duplicate ${event.eventId}`);
      this.heads.set(event.streamId, JSON.stringify(step.head));
      if (step.sheet) this.sheets.set(step.sheet.sheetId, { entry: JSON.stringify(step.sheet), created: sheetRow?.created ?? BigInt(event.globalPosition) });
      if (step.department) this.departments.set(step.department.departmentId, JSON.stringify(step.department));
      if (step.reviewActivity) this.activity.set(step.reviewActivity.sheetId, JSON.stringify(step.reviewActivity));
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

  /** What ReportStore.loadModel builds from the rows. */
  model(): { model: ReportModel; creation: CreationOrder } {
    const sheets = [...this.sheets.values()].map((r) => JSON.parse(r.entry) as ReportSheet);
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

  /** The streams of a department-year table, as ReportStore.tableStreams lists them. */
  tableStreams(departmentId: string, fiscalYear: number): string[] {
    const sheets = [...this.sheets.values()].map((r) => JSON.parse(r.entry) as ReportSheet);
    return [
      departmentStreamId(departmentId),
      ...sheets.filter((s) => s.state.content.departmentId === departmentId && s.state.content.fiscalYear === fiscalYear).map((s) => s.streamId),
    ];
  }
}
