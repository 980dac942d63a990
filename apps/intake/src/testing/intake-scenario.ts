import { InMemoryEventStore } from '@budget/event-store/testing';
import {
  type Actor,
  type CommandMetadata,
  DomainError,
  type DomainErrorCode,
  type Funding,
  type IndicatorInput,
  type NewEvent,
  type RecordedEvent,
  REVIEW_EVENT_SCHEMA_VERSIONS,
  type ReviewEvent,
  reviewStreamId,
  type SheetCommand,
  sheetStreamId,
} from '@budget/domain';
import { uuidFromNames } from '@budget/platform';
import type { RequestContext } from '../infrastructure/command-context';
import type { DepartmentInfo, OrganisationDirectory, UnitInfo } from '../infrastructure/organisation-directory';
import { DepartmentRepository, SheetRepository } from '../infrastructure/repositories';

export const NOW = '2025-03-01T08:00:00.000Z';
export const DEPT = 'dept-zzb';
export const UNIT = 'unit-zzb';
export const OTHER_UNIT = 'unit-other';
export const SHEET = 'sheet-2025-gadm';

export const clerk: Actor = { id: 'clerk-1', role: 'unit_clerk', departmentId: DEPT, unitId: UNIT };
export const colleague: Actor = { id: 'clerk-2', role: 'unit_clerk', departmentId: DEPT, unitId: UNIT };
export const otherUnitClerk: Actor = { id: 'clerk-9', role: 'unit_clerk', departmentId: DEPT, unitId: OTHER_UNIT };
export const unitHead: Actor = { id: 'head-1', role: 'unit_head', departmentId: DEPT, unitId: UNIT };
export const deptReviewer: Actor = { id: 'dept-1', role: 'department_reviewer', departmentId: DEPT };
export const otherDeptReviewer: Actor = { id: 'dept-9', role: 'department_reviewer', departmentId: 'dept-other' };
export const financeReviewer: Actor = { id: 'fin-1', role: 'finance_reviewer' };
export const otherDeskFinance: Actor = { id: 'fin-9', role: 'finance_reviewer', departmentIds: ['dept-other'] };
export const admin: Actor = { id: 'admin-1', role: 'admin' };
export const system: Actor = { id: 'review-service', role: 'system' };

export const ctx = (actor: Actor): RequestContext => ({ actor, correlationId: 'corr-1' });
const meta = (actor: Actor): CommandMetadata => ({ now: NOW, actor, correlationId: 'corr-0', causationId: null });

export const FUNDING: Funding = { fiscalAppropriation: 30_000_000, specialAccountAppropriation: 0, otherFunds: 0 };
export const GOAL = '通过开展党内关爱扶助工作，体现党的温暖就在身边。';
export const INDICATORS: readonly IndicatorInput[] = [
  { indicatorId: 'ind-1', level1: '1-产出指标', level2: '11-数量指标', name: '帮扶党内关爱扶助对象', periodTarget: '≥100人', annualTarget: '≥100人' },
  { indicatorId: 'ind-2', level1: '1-产出指标', level2: '12-质量指标', name: '经费足额下达率', periodTarget: '100%', annualTarget: '100%' },
  { indicatorId: 'ind-3', level1: '2-效益指标', level2: '22-社会效益', name: '慰问困难的党员', periodTarget: '生活改善', annualTarget: '有所改善' },
  { indicatorId: 'ind-4', level1: '3-满意度指标', level2: '31-服务对象满意度', name: '帮扶对象满意度', periodTarget: '≥90%', annualTarget: '≥90%' },
];

/** Where the fixture sheet is in its life: each step taken by who would take it. */
export type SheetHistory = 'draft' | 'submitted' | 'withdrawn' | 'under_review' | 'revision_requested' | 'approved';

const REVIEW = 'review-1';

function stepsTo(history: SheetHistory): SheetCommand[] {
  const create: SheetCommand = {
    type: 'CreateDraft',
    data: { sheetId: SHEET, fiscalYear: 2025, departmentId: DEPT, unitId: UNIT, projectName: '关爱党员专项经费', funding: FUNDING, goal: GOAL, indicators: INDICATORS },
    metadata: meta(clerk),
  };
  const submit: SheetCommand = { type: 'SubmitSheet', data: { sheetId: SHEET }, metadata: meta(clerk) };
  const start: SheetCommand = { type: 'StartReview', data: { sheetId: SHEET, reviewId: REVIEW, submissionNo: 1 }, metadata: meta(system) };
  switch (history) {
    case 'draft':
      return [create];
    case 'submitted':
      return [create, submit];
    case 'withdrawn':
      return [create, submit, { type: 'WithdrawSubmission', data: { sheetId: SHEET }, metadata: meta(clerk) }];
    case 'under_review':
      return [create, submit, start];
    case 'revision_requested':
      return [create, submit, start, { type: 'RequestRevision', data: { sheetId: SHEET, reviewId: REVIEW, round: 1, reasons: [{ field: 'goal', message: '绩效目标过于简单' }] }, metadata: meta(deptReviewer) }];
    case 'approved':
      return [create, submit, start, { type: 'ApproveSheet', data: { sheetId: SHEET, reviewId: REVIEW, grade: '优' }, metadata: meta(financeReviewer) }];
  }
}

/**
 * An intake application on the in-memory event store: the real repositories and deciders, the
 * read models as the statements they would run, the organisation directory as a map.
 */
export class IntakeScenario {
  readonly store = new InMemoryEventStore();
  readonly sheets = new SheetRepository(this.store);
  readonly departments = new DepartmentRepository(this.store);
  readonly units = new Map<string, UnitInfo>([
    [UNIT, { unitId: UNIT, departmentId: DEPT, name: '组织部机关', position: 0 }],
    [OTHER_UNIT, { unitId: OTHER_UNIT, departmentId: DEPT, name: '党员教育中心', position: 1 }],
  ]);
  readonly directory = {
    unit: (unitId: string) => Promise.resolve(this.units.get(unitId) ?? null),
    department: (departmentId: string): Promise<DepartmentInfo | null> => {
      const units = [...this.units.values()].filter((u) => u.departmentId === departmentId);
      return Promise.resolve(units.length > 0 ? { departmentId, name: '组织部', version: 1, units } : null);
    },
  } as OrganisationDirectory;

  /** given: the fixture sheet, taken to `history`. */
  async sheet(history: SheetHistory): Promise<this> {
    for (const step of stepsTo(history)) await this.sheets.execute(SHEET, step);
    return this;
  }

  /** The types of the events on a sheet's stream, oldest first. */
  async sheetEvents(sheetId = SHEET): Promise<string[]> {
    return (await this.store.readStream(sheetStreamId(sheetId))).map((e) => e.type);
  }

  /** A review event as the review service recorded it on its own stream (and Kafka delivers it). */
  async reviewEvent(event: ReviewEvent, actor: Actor): Promise<RecordedEvent> {
    const streamId = reviewStreamId(event.data.reviewId);
    const envelope: NewEvent = {
      eventId: uuidFromNames('review-event', streamId, event.type, actor.id),
      type: event.type,
      schemaVersion: REVIEW_EVENT_SCHEMA_VERSIONS[event.type],
      data: event.data,
      metadata: { occurredAt: NOW, actor, correlationId: 'corr-review', causationId: null },
    };
    const { recorded } = await this.store.append(streamId, [envelope], await this.store.streamVersion(streamId));
    return recorded[0]!;
  }
}

export const given = (history?: SheetHistory): Promise<IntakeScenario> => (history ? new IntakeScenario().sheet(history) : Promise.resolve(new IntakeScenario()));

/** then: refused with this code (and message), and nothing was appended to the sheet. */
export async function expectRefused(scenario: IntakeScenario, attempt: Promise<unknown>, code: DomainErrorCode, message?: string): Promise<DomainError> {
  const before = await scenario.sheetEvents();
  const error = await attempt.then(
    () => new Error('expected a refusal, the command succeeded'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (message !== undefined) expect((error as DomainError).message).toBe(message);
  expect(await scenario.sheetEvents()).toEqual(before);
  return error as DomainError;
}
