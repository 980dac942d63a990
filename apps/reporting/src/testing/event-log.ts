import {
  type Actor,
  type CommandMetadata,
  decideDepartment,
  decideReview,
  decideSheet,
  DEFAULT_SIGN_OFF_CHAIN,
  DEPARTMENT_EVENT_SCHEMA_VERSIONS,
  type DepartmentCommand,
  type DepartmentState,
  departmentStreamId,
  evolveDepartment,
  evolveReview,
  evolveSheet,
  type Finding,
  initialDepartmentState,
  initialReviewState,
  initialSheetState,
  parsePublishedTable,
  type PublishedTable,
  type RecordedEvent,
  REVIEW_EVENT_SCHEMA_VERSIONS,
  type ReviewCommand,
  type ReviewState,
  reviewStreamId,
  type SheetCommand,
  type SheetState,
  SHEET_EVENT_SCHEMA_VERSIONS,
  sheetStreamId,
  type WaiverRequest,
} from '@budget/domain';
import { eventHash, GENESIS_HASH } from '@budget/event-store';
import { readReferenceText } from '@budget/table-files/testing';

export const REFERENCE_TABLE: PublishedTable = parsePublishedTable(readReferenceText()).table;

const T0 = Date.parse('2026-03-01T08:00:00.000Z');
export const admin: Actor = { id: 'admin-1', role: 'admin' };
const system: Actor = { id: 'review-service', role: 'system' };

/** Where a test event travels: the topic and the key the services would publish it with. */
export interface LoggedEvent {
  readonly event: RecordedEvent;
  readonly topic: 'targets' | 'reviews';
  readonly key: string;
}

export interface ImportedTable {
  readonly departmentId: string;
  readonly fiscalYear: number;
  readonly units: readonly { readonly unitId: string; readonly name: string }[];
  readonly sheets: readonly { readonly sheetId: string; readonly unitId: string; readonly name: string }[];
}

/**
 * What intake and review would publish for a workflow, with real deciders and a real hash chain:
 * events get the producer's global position (one numbering per producer, as two stores have),
 * a recordedAt one second apart, the next version of their stream and SHA-256 hashes.
 */
export class EventLog {
  readonly logged: LoggedEvent[] = [];
  private readonly positions = { targets: 0, reviews: 0 };
  private readonly versions = new Map<string, number>();
  private readonly hashes = new Map<string, string>();
  private readonly sheets = new Map<string, SheetState>();
  private readonly departments = new Map<string, DepartmentState>();
  private readonly reviews = new Map<string, ReviewState>();
  private tick = 0;

  get events(): RecordedEvent[] {
    return this.logged.map((l) => l.event);
  }

  at(n: number): string {
    return new Date(T0 + n * 1000).toISOString();
  }

  append(streamId: string, type: string, data: unknown, actor: Actor, schemaVersion: number, topic: 'targets' | 'reviews', key = streamId): RecordedEvent {
    const streamVersion = (this.versions.get(streamId) ?? 0) + 1;
    this.tick += 1;
    this.positions[topic] += 1;
    const fields = {
      eventId: `00000000-0000-4000-8000-${String(this.tick).padStart(12, '0')}`,
      type,
      schemaVersion,
      streamId,
      streamVersion,
      occurredAt: this.at(this.tick),
      actor,
      correlationId: `corr-${this.tick}`,
      causationId: null,
      data: JSON.parse(JSON.stringify(data)) as unknown,
      prevHash: this.hashes.get(streamId) ?? GENESIS_HASH,
    };
    const event: RecordedEvent = { ...fields, globalPosition: String(this.positions[topic]), recordedAt: this.at(this.tick), hash: eventHash(fields) };
    this.versions.set(streamId, streamVersion);
    this.hashes.set(streamId, event.hash);
    this.logged.push({ event, topic, key });
    return event;
  }

  private meta(actor: Actor): CommandMetadata {
    return { now: this.at(this.tick + 1), actor, correlationId: 'corr' };
  }

  department(departmentId: string, command: Omit<DepartmentCommand, 'metadata'>, actor: Actor = admin): RecordedEvent[] {
    const streamId = departmentStreamId(departmentId);
    let state = this.departments.get(streamId) ?? initialDepartmentState();
    const events = decideDepartment({ ...command, metadata: this.meta(actor) } as DepartmentCommand, state);
    const recorded = events.map((e) => {
      state = evolveDepartment(state, e);
      return this.append(streamId, e.type, e.data, actor, DEPARTMENT_EVENT_SCHEMA_VERSIONS[e.type], 'targets');
    });
    this.departments.set(streamId, state);
    return recorded;
  }

  sheet(command: Omit<SheetCommand, 'metadata'>, actor: Actor): RecordedEvent[] {
    const streamId = sheetStreamId(command.data.sheetId);
    let state = this.sheets.get(streamId) ?? initialSheetState();
    const events = decideSheet({ ...command, metadata: this.meta(actor) } as SheetCommand, state);
    const recorded = events.map((e) => {
      state = evolveSheet(state, e);
      return this.append(streamId, e.type, e.data, actor, SHEET_EVENT_SCHEMA_VERSIONS[e.type], 'targets');
    });
    this.sheets.set(streamId, state);
    return recorded;
  }

  review(sheetId: string, command: Omit<ReviewCommand, 'metadata'>, actor: Actor): RecordedEvent[] {
    const streamId = reviewStreamId(command.data.reviewId);
    let state = this.reviews.get(streamId) ?? initialReviewState();
    const events = decideReview({ ...command, metadata: this.meta(actor) } as ReviewCommand, state);
    const recorded = events.map((e) => {
      state = evolveReview(state, e);
      return this.append(streamId, e.type, e.data, actor, REVIEW_EVENT_SCHEMA_VERSIONS[e.type], 'reviews', sheetStreamId(sheetId));
    });
    this.reviews.set(streamId, state);
    return recorded;
  }

  stateOf(sheetId: string): SheetState {
    return this.sheets.get(sheetStreamId(sheetId)) ?? initialSheetState();
  }

  /** The events an import of a published table records, as intake's ImportTableHandler does (simpler ids). */
  importTable(table: PublishedTable, departmentId = 'dept-1', fiscalYear = 2026): ImportedTable {
    this.department(departmentId, { type: 'RegisterDepartment', data: { departmentId, name: table.departmentName } });
    const importer: Actor = { id: 'importer-1', role: 'department_reviewer', departmentId };
    const units: { unitId: string; name: string }[] = [];
    const sheets: { sheetId: string; unitId: string; name: string }[] = [];
    table.units.forEach((unit, u) => {
      const unitId = `${departmentId}-unit-${u + 1}`;
      this.department(departmentId, { type: 'AddUnit', data: { unitId, name: unit.name } });
      units.push({ unitId, name: unit.name });
      unit.projects.forEach((project, p) => {
        const sheetId = `${departmentId}-sheet-${u + 1}-${p + 1}`;
        this.sheet(
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

  clerkOf(sheetId: string): Actor {
    const state = this.stateOf(sheetId);
    if (state.status === 'empty') throw new Error(`no sheet ${sheetId}`);
    return { id: `clerk-${state.content.unitId}`, role: 'unit_clerk', departmentId: state.content.departmentId, unitId: state.content.unitId };
  }

  /**
   * Submitted, reviewed on the default chain (unit head → department → finance, grade 良) and
   * approved: the sheet's stream and the review's, as the services record them. Blocking findings
   * come with a waiver request at submission and a grant at the department level.
   */
  signOff(sheetId: string, options: { readonly blocking?: readonly Finding[] } = {}): void {
    const clerk = this.clerkOf(sheetId);
    const blocking = options.blocking ?? [];
    const waiverRequests: WaiverRequest[] = blocking.map((f) => ({ ruleId: f.ruleId, field: f.field, reason: '按已公开的目标表保留原样' }));
    const [submitted] = this.sheet({ type: 'SubmitSheet', data: { sheetId, waiverRequests } }, clerk);
    const state = this.stateOf(sheetId);
    if (state.status !== 'submitted' || !submitted) throw new Error('not submitted');
    const reviewId = `review-${sheetId}-${state.submissionNo}`;
    const { content, unitId, departmentId } = { content: state.content, unitId: state.content.unitId, departmentId: state.content.departmentId };
    this.review(
      sheetId,
      {
        type: 'OpenReview',
        data: {
          reviewId,
          sheetId,
          submissionNo: state.submissionNo,
          round: 1,
          content,
          createdBy: state.createdBy,
          lastEditedBy: state.lastEditedBy,
          submittedBy: clerk.id,
          submittedAt: submitted.occurredAt,
          waiverRequests,
          changesSincePrevious: null,
          ruleSetVersion: '2026.1',
          findings: blocking,
          chain: DEFAULT_SIGN_OFF_CHAIN,
        },
      },
      system,
    );
    this.sheet({ type: 'StartReview', data: { sheetId, reviewId, submissionNo: state.submissionNo } }, system);
    const head: Actor = { id: `head-${unitId}`, role: 'unit_head', unitId, departmentId };
    const reviewer: Actor = { id: `reviewer-${departmentId}`, role: 'department_reviewer', departmentId };
    const finance: Actor = { id: 'finance-1', role: 'finance_reviewer' };
    this.review(sheetId, { type: 'ApproveLevel', data: { reviewId, level: 'unit_head', comments: '同意' } }, head);
    if (blocking.length > 0) {
      const keys = blocking.map((f) => `${f.ruleId}@${f.field}`);
      this.review(sheetId, { type: 'DecideWaiver', data: { reviewId, level: 'department', findingKeys: keys, grant: true, reason: '同意豁免' } }, reviewer);
    }
    this.review(sheetId, { type: 'ApproveLevel', data: { reviewId, level: 'department' } }, reviewer);
    this.review(sheetId, { type: 'GradeReview', data: { reviewId, level: 'finance', grade: '良', conditions: '按期报送执行情况' } }, finance);
    this.sheet({ type: 'ApproveSheet', data: { sheetId, reviewId, grade: '良', conditions: '按期报送执行情况' } }, finance);
  }
}

/** Blocking findings of ZXRCBT (no goal, no indicators), as the rule engine reports them. */
export const ZXRCBT_FINDINGS: readonly Finding[] = [
  { ruleId: 'S01', ruleSetVersion: '2026.1', severity: 'B', field: 'goal', message: '项目缺少绩效目标', values: {} },
  { ruleId: 'S02', ruleSetVersion: '2026.1', severity: 'B', field: 'indicators', message: '项目没有绩效指标', values: {} },
];

/**
 * The order in which a consumer of both topics (three partitions each, keyed by stream) could see
 * the events: per partition in order, partitions one after the other, reviews first. Streams keep
 * their order; sheets of one unit do not.
 */
export function arrivalOrder(logged: readonly LoggedEvent[], partitions = 3): LoggedEvent[] {
  const partitionOf = (key: string): number => [...key].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7) % partitions;
  const order: LoggedEvent[] = [];
  for (const topic of ['reviews', 'targets'] as const) {
    for (let p = partitions - 1; p >= 0; p--) order.push(...logged.filter((l) => l.topic === topic && partitionOf(l.key) === p));
  }
  return order;
}
