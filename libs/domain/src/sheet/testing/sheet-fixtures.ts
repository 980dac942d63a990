import { type Actor, type CommandMetadata } from '../../events/envelope';
import { type Funding } from '../../money';
import { targetValue } from '../../target-value';
import { deciderSpec } from '../../testing/given-when-then';
import { sheetDecider } from '../sheet.decider';
import {
  type IndicatorInput,
  type SheetApproved,
  type SheetCommand,
  type SheetContent,
  type SheetEvent,
  type SheetIndicator,
  type SheetRejected,
  type SheetReopened,
  type SheetReviewStarted,
  type SheetRevisionRequested,
  type SheetSubmitted,
  type SheetWithdrawn,
  type DraftCreated,
} from '../sheet.types';

export const given = deciderSpec(sheetDecider);

export const NOW = '2025-03-01T08:00:00.000Z';
export const SHEET_ID = 'sheet-2025-gadm';
export const DEPT = 'dept-zzb';
export const UNIT = 'unit-zzb';

export const clerk: Actor = { id: 'clerk-1', role: 'unit_clerk', departmentId: DEPT, unitId: UNIT };
export const colleague: Actor = { id: 'clerk-2', role: 'unit_clerk', departmentId: DEPT, unitId: UNIT };
export const otherUnitClerk: Actor = { id: 'clerk-9', role: 'unit_clerk', departmentId: DEPT, unitId: 'unit-other' };
export const unitHead: Actor = { id: 'head-1', role: 'unit_head', departmentId: DEPT, unitId: UNIT };
export const deptReviewer: Actor = { id: 'dept-1', role: 'department_reviewer', departmentId: DEPT };
export const otherDeptReviewer: Actor = { id: 'dept-9', role: 'department_reviewer', departmentId: 'dept-other' };
export const financeReviewer: Actor = { id: 'fin-1', role: 'finance_reviewer' };
export const auditor: Actor = { id: 'audit-1', role: 'auditor' };
export const admin: Actor = { id: 'admin-1', role: 'admin' };
export const system: Actor = { id: 'review-service', role: 'system' };

export function meta(actor: Actor): CommandMetadata {
  return { now: NOW, actor, correlationId: 'corr-1' };
}

type DataOf<T extends SheetCommand['type']> = Extract<SheetCommand, { type: T }>['data'];

/** Data without sheetId; the fixture sheet's id is filled in. */
export function cmd<T extends Exclude<SheetCommand['type'], 'CreateDraft'>>(
  type: T,
  data: Omit<DataOf<T>, 'sheetId'>,
  actor: Actor = clerk,
): Extract<SheetCommand, { type: T }> {
  return { type, data: { sheetId: SHEET_ID, ...data }, metadata: meta(actor) } as unknown as Extract<SheetCommand, { type: T }>;
}

export const FUNDING: Funding = { fiscalAppropriation: 30_000_000, specialAccountAppropriation: 0, otherFunds: 0 };

export const IND_1: IndicatorInput = {
  indicatorId: 'ind-1',
  level1: '1-产出指标',
  level2: '11-数量指标',
  name: '帮扶党内关爱扶助对象',
  periodTarget: '≥100人',
  annualTarget: '≥100人',
};
export const IND_2: IndicatorInput = {
  indicatorId: 'ind-2',
  level1: '1-产出指标',
  level2: '11-数量指标',
  name: '经费足额下达率',
  periodTarget: '100%',
  annualTarget: '100%',
};
export const IND_3: IndicatorInput = {
  indicatorId: 'ind-3',
  level1: '2-效益指标',
  level2: '22-社会效益',
  name: '慰问困难的党员',
  periodTarget: '困难党员 生活改善',
  annualTarget: '有所改善',
};

export function indicator(input: IndicatorInput): SheetIndicator {
  return { ...input, periodTarget: targetValue(input.periodTarget), annualTarget: targetValue(input.annualTarget) };
}

export const CONTENT: SheetContent = {
  sheetId: SHEET_ID,
  fiscalYear: 2025,
  departmentId: DEPT,
  unitId: UNIT,
  projectName: '关爱党员专项经费',
  funding: FUNDING,
  goal: '通过开展党内关爱扶助工作，体现党的温暖就在身边。',
  indicators: [indicator(IND_1), indicator(IND_2), indicator(IND_3)],
};

export function createDraft(
  data: Partial<DataOf<'CreateDraft'>> = {},
  actor: Actor = clerk,
): Extract<SheetCommand, { type: 'CreateDraft' }> {
  return {
    type: 'CreateDraft',
    data: {
      sheetId: SHEET_ID,
      fiscalYear: 2025,
      departmentId: DEPT,
      unitId: UNIT,
      projectName: CONTENT.projectName,
      funding: FUNDING,
      goal: CONTENT.goal,
      indicators: [IND_1, IND_2, IND_3],
      ...data,
    },
    metadata: meta(actor),
  };
}

export function draftCreated(data: Partial<DraftCreated['data']> = {}): DraftCreated {
  return { type: 'DraftCreated', data: { ...CONTENT, source: null, createdBy: clerk.id, ...data } };
}

export function submitted(data: Partial<SheetSubmitted['data']> = {}): SheetSubmitted {
  return {
    type: 'SheetSubmitted',
    data: {
      sheetId: SHEET_ID,
      submissionNo: 1,
      content: CONTENT,
      createdBy: clerk.id,
      lastEditedBy: clerk.id,
      submittedBy: clerk.id,
      submittedAt: NOW,
      waiverRequests: [],
      changesSincePrevious: null,
      ...data,
    },
  };
}

export function withdrawn(submissionNo = 1): SheetWithdrawn {
  return { type: 'SheetWithdrawn', data: { sheetId: SHEET_ID, submissionNo, reason: null } };
}

export function reviewStarted(submissionNo = 1, reviewId = 'review-1'): SheetReviewStarted {
  return { type: 'SheetReviewStarted', data: { sheetId: SHEET_ID, submissionNo, reviewId } };
}

export function revisionRequested(submissionNo = 1, reviewId = 'review-1'): SheetRevisionRequested {
  return {
    type: 'SheetRevisionRequested',
    data: {
      sheetId: SHEET_ID,
      submissionNo,
      reviewId,
      round: 1,
      reasons: [{ field: 'goal', ruleId: 'S10', message: '绩效目标过于简单' }],
      comments: null,
    },
  };
}

export function approved(submissionNo = 1, reviewId = 'review-1'): SheetApproved {
  return { type: 'SheetApproved', data: { sheetId: SHEET_ID, submissionNo, reviewId, grade: '优', conditions: null } };
}

export function rejected(submissionNo = 1, reviewId = 'review-1'): SheetRejected {
  return { type: 'SheetRejected', data: { sheetId: SHEET_ID, submissionNo, reviewId, grade: '差', reason: '项目不具备实施条件' } };
}

export function reopened(submissionNo = 1, reviewId = 'review-1'): SheetReopened {
  return { type: 'SheetReopened', data: { sheetId: SHEET_ID, submissionNo, reviewId, reason: '预算调整' } };
}

/** One history per status, plus the two ways back to editing. */
export const HISTORIES = {
  draft: [draftCreated()],
  submitted: [draftCreated(), submitted()],
  under_review: [draftCreated(), submitted(), reviewStarted()],
  revision_requested: [draftCreated(), submitted(), reviewStarted(), revisionRequested()],
  approved: [draftCreated(), submitted(), reviewStarted(), approved()],
  rejected: [draftCreated(), submitted(), reviewStarted(), rejected()],
  withdrawn: [draftCreated(), submitted(), withdrawn()],
  reopened: [draftCreated(), submitted(), reviewStarted(), approved(), reopened()],
} as const satisfies Record<string, readonly SheetEvent[]>;

export type HistoryName = keyof typeof HISTORIES;
export const HISTORY_NAMES = Object.keys(HISTORIES) as HistoryName[];
