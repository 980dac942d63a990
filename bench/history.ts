/**
 * Event histories of the synthetic city, made by the real deciders: the department streams
 * (DepartmentRegistered, UnitAdded…) and each sheet's life (DraftCreated, edits, SheetSubmitted,
 * SheetReviewStarted, sometimes a revision round, SheetApproved). So what the benchmarks append,
 * load and rebuild from is exactly what intake records.
 */
import {
  decideDepartment,
  decideSheet,
  DEPARTMENT_EVENT_SCHEMA_VERSIONS,
  departmentStreamId,
  evolveDepartment,
  evolveSheet,
  initialDepartmentState,
  initialSheetState,
  SHEET_EVENT_SCHEMA_VERSIONS,
  sheetStreamId,
  type Actor,
  type CommandMetadata,
  type DepartmentCommand,
  type DepartmentState,
  type NewEvent,
  type SheetCommand,
  type SheetState,
} from '@budget/domain';
import { indicatorInputs, Random, seededUuid, type City, type GeneratedDepartment, type SheetRef } from './generator';

export interface StreamHistory {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
}

/** A clock that moves a few seconds per event, from a start instant. */
export class Clock {
  private t: number;

  constructor(start: string) {
    this.t = Date.parse(start);
  }

  tick(random: Random): string {
    this.t += 1000 + Math.floor(random.next() * 120_000);
    return new Date(this.t).toISOString();
  }
}

const ADMIN: Actor = { id: 'bench-admin', role: 'admin', name: '基准测试管理员' };
const SYSTEM: Actor = { id: 'review-service', role: 'system' };

function clerkOf(ref: SheetRef): Actor {
  return { id: `clerk-${ref.unit.unitId.slice(0, 8)}`, role: 'unit_clerk', departmentId: ref.department.departmentId, unitId: ref.unit.unitId, name: '单位经办人' };
}

function departmentReviewer(ref: SheetRef): Actor {
  return { id: `dept-${ref.department.departmentId.slice(0, 8)}`, role: 'department_reviewer', departmentId: ref.department.departmentId, name: '部门审核人' };
}

const FINANCE: Actor = { id: 'finance-1', role: 'finance_reviewer', name: '财政审核人' };

class Recorder {
  readonly events: NewEvent[] = [];
  private n = 0;

  constructor(
    private readonly seed: number,
    private readonly streamId: string,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly correlation: string,
  ) {}

  meta(actor: Actor): CommandMetadata {
    return { now: this.clock.tick(this.random), actor, correlationId: `${this.correlation}-${this.n}`, causationId: null };
  }

  record(type: string, schemaVersion: number, data: unknown, metadata: CommandMetadata): void {
    this.events.push({
      eventId: seededUuid(this.seed, 'event', this.streamId, this.n++),
      type,
      schemaVersion,
      data,
      metadata: { occurredAt: metadata.now, actor: metadata.actor, correlationId: metadata.correlationId, causationId: metadata.causationId ?? null },
    });
  }
}

export function departmentHistory(seed: number, department: GeneratedDepartment, clock: Clock, random: Random): StreamHistory {
  const streamId = departmentStreamId(department.departmentId);
  const recorder = new Recorder(seed, streamId, clock, random, `dept-${department.departmentId}`);
  let state: DepartmentState = initialDepartmentState();
  const run = (command: Omit<DepartmentCommand, 'metadata'>): void => {
    const metadata = recorder.meta(ADMIN);
    for (const event of decideDepartment({ ...command, metadata } as DepartmentCommand, state)) {
      state = evolveDepartment(state, event);
      recorder.record(event.type, DEPARTMENT_EVENT_SCHEMA_VERSIONS[event.type], event.data, metadata);
    }
  };
  run({ type: 'RegisterDepartment', data: { departmentId: department.departmentId, name: department.name } });
  for (const unit of department.units) run({ type: 'AddUnit', data: { unitId: unit.unitId, name: unit.name } });
  return { streamId, events: recorder.events };
}

/**
 * One sheet from draft to approval: DraftCreated, 0–4 edits, submission, review start, in one
 * case of four a revision request answered by an edit and a resubmission, then approval.
 * About 8 events on average.
 */
export function sheetHistory(seed: number, ref: SheetRef, fiscalYear: number, clock: Clock, random: Random): StreamHistory {
  const sheetId = ref.project.sheetId;
  const streamId = sheetStreamId(sheetId);
  const recorder = new Recorder(seed, streamId, clock, random, `sheet-${sheetId}`);
  let state: SheetState = initialSheetState();
  const clerk = clerkOf(ref);
  const run = (command: Omit<SheetCommand, 'metadata'>, actor: Actor): void => {
    const metadata = recorder.meta(actor);
    for (const event of decideSheet({ ...command, metadata } as SheetCommand, state)) {
      state = evolveSheet(state, event);
      recorder.record(event.type, SHEET_EVENT_SCHEMA_VERSIONS[event.type], event.data, metadata);
    }
  };
  const { project } = ref;
  run(
    {
      type: 'CreateDraft',
      data: {
        sheetId,
        fiscalYear,
        departmentId: ref.department.departmentId,
        unitId: ref.unit.unitId,
        projectName: project.name,
        funding: project.funding,
        goal: project.goal,
        indicators: indicatorInputs(project),
      },
    },
    clerk,
  );
  const edit = (): void => {
    const indicator = project.indicators.length > 0 ? random.pick(project.indicators) : undefined;
    const r = random.next();
    if (indicator && r < 0.6) {
      const annual = random.chance(0.5) ? `${indicator.annualTarget}（已核实）` : indicator.annualTarget.replace(/\d+/, (n) => String(Number(n) + 1));
      run({ type: 'ChangeIndicator', data: { sheetId, indicatorId: indicator.indicatorId, changes: { annualTarget: annual.slice(0, 500) } } }, clerk);
    } else if (r < 0.8) {
      run({ type: 'ChangeGoal', data: { sheetId, goal: `${project.goal}（第${recorder.events.length}次修改）` } }, clerk);
    } else {
      const f = project.funding;
      run({ type: 'ChangeFunding', data: { sheetId, funding: { ...f, fiscalAppropriation: f.fiscalAppropriation + 10_000 * random.int(1, 50) } } }, clerk);
    }
  };
  const edits = random.int(0, 4);
  for (let i = 0; i < edits; i++) edit();
  run({ type: 'SubmitSheet', data: { sheetId } }, clerk);
  let reviewNo = 1;
  const startReview = (): string => {
    const reviewId = seededUuid(seed, 'review', sheetId, reviewNo++);
    const submissionNo = state.status === 'empty' ? 0 : state.submissionNo;
    run({ type: 'StartReview', data: { sheetId, reviewId, submissionNo } }, SYSTEM);
    return reviewId;
  };
  let reviewId = startReview();
  if (random.chance(0.25)) {
    run(
      {
        type: 'RequestRevision',
        data: { sheetId, reviewId, round: 1, reasons: [{ ruleId: 'V06', field: 'indicators', message: '实施周期指标值与年度指标值不一致，请核实' }], comments: '请补充说明' },
      },
      departmentReviewer(ref),
    );
    edit();
    run({ type: 'SubmitSheet', data: { sheetId } }, clerk);
    reviewId = startReview();
  }
  run({ type: 'ApproveSheet', data: { sheetId, reviewId, grade: random.chance(0.7) ? '良' : '优' } }, FINANCE);
  return { streamId, events: recorder.events };
}

/** Every stream of one fiscal year of the city: departments first, then the sheets in table order. */
export function* cityHistory(city: City, fiscalYear: number, seed = city.options.seed): Generator<StreamHistory> {
  const random = new Random(seed ^ fiscalYear);
  const clock = new Clock(`${fiscalYear - 1}-09-01T01:00:00.000Z`);
  for (const department of city.departments) yield departmentHistory(seed, department, clock, random);
  for (const department of city.departments) {
    for (const unit of department.units) {
      for (const project of unit.projects) yield sheetHistory(seed, { department, unit, project }, fiscalYear, clock, random);
    }
  }
}
