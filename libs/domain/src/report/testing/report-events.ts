import { type Actor, type CommandMetadata, type RecordedEvent } from '../../events/envelope';
import { decideDepartment, departmentStreamId, evolveDepartment, initialDepartmentState } from '../../organisation/organisation.decider';
import { type DepartmentCommand, type DepartmentState } from '../../organisation/organisation.types';
import { DEPARTMENT_EVENT_SCHEMA_VERSIONS } from '../../organisation/organisation.upcasters';
import { type PublishedTable } from '../../published-table/model';
import { decideSheet, evolveSheet, initialSheetState, sheetStreamId } from '../../sheet/sheet.decider';
import { type SheetCommand, type SheetState } from '../../sheet/sheet.types';
import { SHEET_EVENT_SCHEMA_VERSIONS } from '../../sheet/sheet.upcasters';

export const T0 = Date.parse('2025-03-01T08:00:00.000Z');
export const admin: Actor = { id: 'admin-1', role: 'admin' };
export const financeReviewer: Actor = { id: 'fin-1', role: 'finance_reviewer' };
export const reviewService: Actor = { id: 'review-service', role: 'system' };

/**
 * An in-memory event log for tests: each append gets the next global position, a recordedAt one
 * second after the previous, the next version of its stream and a fake hash chain. Commands go
 * through the real deciders, so the events are exactly what intake would record.
 */
export class TestLog {
  readonly events: RecordedEvent[] = [];
  private readonly versions = new Map<string, number>();
  private readonly hashes = new Map<string, string>();
  private readonly sheets = new Map<string, SheetState>();
  private readonly departments = new Map<string, DepartmentState>();

  append(streamId: string, type: string, data: unknown, actor: Actor = admin, schemaVersion = 1): RecordedEvent {
    const streamVersion = (this.versions.get(streamId) ?? 0) + 1;
    const position = this.events.length + 1;
    const hash = `h${String(position).padStart(63, '0')}`;
    const event: RecordedEvent = {
      eventId: `evt-${position}`,
      type,
      schemaVersion,
      streamId,
      streamVersion,
      globalPosition: String(position),
      occurredAt: new Date(T0 + position * 1000).toISOString(),
      recordedAt: new Date(T0 + position * 1000).toISOString(),
      actor,
      correlationId: `corr-${position}`,
      causationId: null,
      data,
      prevHash: this.hashes.get(streamId) ?? '0'.repeat(64),
      hash,
    };
    this.versions.set(streamId, streamVersion);
    this.hashes.set(streamId, hash);
    this.events.push(event);
    return event;
  }

  get last(): RecordedEvent {
    const event = this.events[this.events.length - 1];
    if (!event) throw new Error('empty log');
    return event;
  }

  /** The department's state as the log has it (for helpers that register only what is new). */
  departmentState(departmentId: string): DepartmentState {
    return this.departments.get(departmentStreamId(departmentId)) ?? initialDepartmentState();
  }

  department(departmentId: string, command: Omit<DepartmentCommand, 'metadata'>, actor: Actor = admin): RecordedEvent[] {
    const streamId = departmentStreamId(departmentId);
    let state = this.departments.get(streamId) ?? initialDepartmentState();
    const events = decideDepartment({ ...command, metadata: meta(actor) } as DepartmentCommand, state);
    const recorded = events.map((e) => {
      state = evolveDepartment(state, e);
      return this.append(streamId, e.type, e.data, actor, DEPARTMENT_EVENT_SCHEMA_VERSIONS[e.type]);
    });
    this.departments.set(streamId, state);
    return recorded;
  }

  sheet(command: Omit<SheetCommand, 'metadata'>, actor: Actor): RecordedEvent[] {
    const streamId = sheetStreamId(command.data.sheetId);
    let state = this.sheets.get(streamId) ?? initialSheetState();
    const events = decideSheet({ ...command, metadata: meta(actor) } as SheetCommand, state);
    const recorded = events.map((e) => {
      state = evolveSheet(state, e);
      return this.append(streamId, e.type, e.data, actor, SHEET_EVENT_SCHEMA_VERSIONS[e.type]);
    });
    this.sheets.set(streamId, state);
    return recorded;
  }

  stateOf(sheetId: string): SheetState {
    return this.sheets.get(sheetStreamId(sheetId)) ?? initialSheetState();
  }

  // ---- the workflow in a few steps ------------------------------------------------------------

  submit(sheetId: string): RecordedEvent[] {
    return this.sheet({ type: 'SubmitSheet', data: { sheetId } }, clerkOf(this.stateOf(sheetId)));
  }

  startReview(sheetId: string, reviewId: string): RecordedEvent[] {
    const state = this.stateOf(sheetId);
    const submissionNo = state.status === 'empty' ? 0 : state.submissionNo;
    return this.sheet({ type: 'StartReview', data: { sheetId, reviewId, submissionNo } }, reviewService);
  }

  approve(sheetId: string, reviewId: string): RecordedEvent[] {
    return this.sheet({ type: 'ApproveSheet', data: { sheetId, reviewId, grade: '优' } }, financeReviewer);
  }

  /** Submitted, reviewed and approved: what signing every sheet off produces on its stream. */
  signOff(sheetId: string, reviewId = `review-${sheetId}-${this.nextSubmission(sheetId)}`): RecordedEvent[] {
    return [...this.submit(sheetId), ...this.startReview(sheetId, reviewId), ...this.approve(sheetId, reviewId)];
  }

  private nextSubmission(sheetId: string): number {
    const state = this.stateOf(sheetId);
    return (state.status === 'empty' ? 0 : state.submissionNo) + 1;
  }
}

export function clerkOf(state: SheetState): Actor {
  if (state.status === 'empty') throw new Error('no sheet');
  return { id: `clerk-${state.content.unitId}`, role: 'unit_clerk', departmentId: state.content.departmentId, unitId: state.content.unitId };
}

function meta(actor: Actor): CommandMetadata {
  return { now: new Date(T0).toISOString(), actor, correlationId: 'corr' };
}

export interface ImportedTable {
  readonly departmentId: string;
  readonly fiscalYear: number;
  readonly units: readonly { readonly unitId: string; readonly name: string }[];
  /** In table order. */
  readonly sheets: readonly { readonly sheetId: string; readonly unitId: string; readonly name: string }[];
}

/**
 * The events an import of a published table records: the department and its units in table
 * order, then one DraftCreated per project, in table order, every cell kept (as intake's
 * ImportTableHandler does, with simpler ids).
 */
export function importTable(log: TestLog, table: PublishedTable, departmentId = 'dept-1', fiscalYear = 2025): ImportedTable {
  // A later year's import finds the department and its units by name, as intake does.
  const known = log.departmentState(departmentId);
  if (known.status !== 'registered') log.department(departmentId, { type: 'RegisterDepartment', data: { departmentId, name: table.departmentName } });
  const importer: Actor = { id: 'importer-1', role: 'department_reviewer', departmentId };
  const units: { unitId: string; name: string }[] = [];
  const sheets: { sheetId: string; unitId: string; name: string }[] = [];
  const year = fiscalYear === 2025 ? '' : `${fiscalYear}-`;
  table.units.forEach((unit, u) => {
    const state = log.departmentState(departmentId);
    const existing = state.status === 'registered' ? state.units.find((x) => x.name === unit.name) : undefined;
    const unitId = existing?.unitId ?? `unit-${state.status === 'registered' ? state.units.length + 1 : u + 1}`;
    if (!existing) log.department(departmentId, { type: 'AddUnit', data: { unitId, name: unit.name } });
    units.push({ unitId, name: unit.name });
    unit.projects.forEach((project, p) => {
      const sheetId = `sheet-${year}${u + 1}-${p + 1}`;
      log.sheet(
        {
          type: 'CreateDraft',
          data: {
            sheetId,
            fiscalYear,
            departmentId,
            unitId,
            projectName: project.name,
            funding: project.funding,
            goal: project.goal,
            indicators: project.indicators.map((indicator, i) => ({ indicatorId: `${sheetId}-ind-${i + 1}`, ...indicator })),
            source: { kind: 'import', importId: 'import-1', line: project.line > 0 ? project.line : 1 },
          },
        },
        importer,
      );
      sheets.push({ sheetId, unitId, name: project.name });
    });
  });
  return { departmentId, fiscalYear, units, sheets };
}
