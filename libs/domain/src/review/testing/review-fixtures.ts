import { type Actor, type CommandMetadata } from '../../events/envelope';
import { type Finding } from '../../rules/finding';
import { CONTENT, DEPT, SHEET_ID, UNIT, deptReviewer, financeReviewer, system, unitHead } from '../../sheet/testing/sheet-fixtures';
import { deciderSpec } from '../../testing/given-when-then';
import { DEFAULT_SIGN_OFF_CHAIN } from '../review.chain';
import { decideReview, evolveReview, initialReviewState, reviewDecider } from '../review.decider';
import {
  type LevelTaskOpened,
  type OpenReview,
  type ReviewCommand,
  type ReviewEvent,
  type ReviewRef,
  type ReviewState,
  type SignOffChain,
  type SignOffLevel,
} from '../review.types';

export {
  admin,
  auditor,
  clerk,
  colleague,
  CONTENT,
  DEPT,
  deptReviewer,
  financeReviewer,
  otherDeptReviewer,
  otherUnitClerk,
  SHEET_ID,
  system,
  UNIT,
  unitHead,
} from '../../sheet/testing/sheet-fixtures';

export const given = deciderSpec(reviewDecider);

export const NOW = '2025-03-02T08:00:00.000Z';
/** NOW + 72 hours, the default due time. */
export const DUE = '2025-03-05T08:00:00.000Z';
export const SUBMITTED_AT = '2025-03-01T08:00:00.000Z';
export const REVIEW_ID = `${SHEET_ID}-1`;
export const RULE_SET = '2026.1';

export const otherUnitHead: Actor = { id: 'head-9', role: 'unit_head', departmentId: DEPT, unitId: 'unit-other' };
export const financeReviewer2: Actor = { id: 'fin-2', role: 'finance_reviewer' };

export const LEVEL_ACTORS: Readonly<Record<SignOffLevel, Actor>> = {
  unit_head: unitHead,
  department: deptReviewer,
  finance: financeReviewer,
};

export function meta(actor: Actor, now = NOW): CommandMetadata {
  return { now, actor, correlationId: 'corr-1' };
}

function finding(ruleId: string, severity: Finding['severity'], field: string, message: string): Finding {
  return { ruleId, ruleSetVersion: RULE_SET, severity, field, message, values: { text: 'x' } };
}

/** Blocking: no goal. */
export const B_GOAL = finding('S01', 'B', 'goal', '项目缺少绩效目标');
/** Blocking: a placeholder target value. */
export const B_VALUE = finding('V01', 'B', 'indicators[1].annualTarget', '年度指标值不能是占位符');
/** Warning: no satisfaction indicator. */
export const W_SATISFACTION = finding('S05', 'W', 'indicators', '缺少满意度指标');
/** Warning: a qualitative value outside the vocabulary. */
export const W_VOCABULARY = finding('V10', 'W', 'indicators[2].annualTarget', '定性指标值不在常用词表中');
/** Info: normalised punctuation. */
export const I_PUNCTUATION = finding('V11', 'I', 'indicators[0].annualTarget', '已规范全角符号');

export const KEY = {
  goal: 'S01@goal',
  value: 'V01@indicators[1].annualTarget',
  satisfaction: 'S05@indicators',
  vocabulary: 'V10@indicators[2].annualTarget',
  punctuation: 'V11@indicators[0].annualTarget',
} as const;

export const WARNINGS = [W_SATISFACTION, W_VOCABULARY, I_PUNCTUATION];
export const WARNING_KEYS = [KEY.satisfaction, KEY.vocabulary];
export const BLOCKING_WITH_REQUESTS = {
  findings: [B_GOAL, B_VALUE, W_SATISFACTION],
  waiverRequests: [
    { ruleId: 'S01', field: 'goal', reason: '人才补贴项目按文件执行，无单独绩效目标' },
    { ruleId: 'V01', reason: '指标值待主管部门下达' },
  ],
} as const;

export const REF: ReviewRef = {
  reviewId: REVIEW_ID,
  sheetId: SHEET_ID,
  submissionNo: 1,
  round: 1,
  fiscalYear: 2025,
  departmentId: DEPT,
  unitId: UNIT,
  projectName: CONTENT.projectName,
};

type DataOf<T extends ReviewCommand['type']> = Extract<ReviewCommand, { type: T }>['data'];

export function openReview(data: Partial<DataOf<'OpenReview'>> = {}, actor: Actor = system, now = NOW): OpenReview {
  return {
    type: 'OpenReview',
    data: {
      reviewId: REVIEW_ID,
      sheetId: SHEET_ID,
      submissionNo: 1,
      round: 1,
      content: CONTENT,
      createdBy: 'clerk-1',
      lastEditedBy: 'clerk-1',
      submittedBy: 'clerk-1',
      submittedAt: SUBMITTED_AT,
      waiverRequests: [],
      changesSincePrevious: null,
      ruleSetVersion: RULE_SET,
      findings: WARNINGS,
      chain: DEFAULT_SIGN_OFF_CHAIN,
      ...data,
    },
    metadata: meta(actor, now),
  };
}

/** A command on the fixture review; data without reviewId. */
export function cmd<T extends Exclude<ReviewCommand['type'], 'OpenReview'>>(
  type: T,
  data: Omit<DataOf<T>, 'reviewId'>,
  actor: Actor,
  now = NOW,
): Extract<ReviewCommand, { type: T }> {
  return { type, data: { reviewId: REVIEW_ID, ...data }, metadata: meta(actor, now) } as unknown as Extract<ReviewCommand, { type: T }>;
}

export const acknowledge = (level: SignOffLevel, findingKeys: readonly string[] = WARNING_KEYS, actor = LEVEL_ACTORS[level]) =>
  cmd('AcknowledgeWarnings', { level, findingKeys }, actor);
export const approve = (level: SignOffLevel, comments?: string, actor = LEVEL_ACTORS[level]) =>
  cmd('ApproveLevel', { level, ...(comments !== undefined && { comments }) }, actor);
export const decideWaiver = (level: SignOffLevel, findingKeys: readonly string[], grant: boolean, actor = LEVEL_ACTORS[level]) =>
  cmd('DecideWaiver', { level, findingKeys, grant, reason: grant ? '按市委文件执行，同意豁免' : '理由不充分，不同意豁免' }, actor);

/** Runs commands through the decider, from nothing: a history as the decider itself writes it. */
export function play(...commands: readonly ReviewCommand[]): ReviewEvent[] {
  const events: ReviewEvent[] = [];
  let state: ReviewState = initialReviewState();
  for (const command of commands) {
    const produced = decideReview(command, state);
    state = produced.reduce(evolveReview, state);
    events.push(...produced);
  }
  return events;
}

export function taskOpened(level: SignOffLevel, now = NOW, due = DUE, chain: SignOffChain = DEFAULT_SIGN_OFF_CHAIN): LevelTaskOpened {
  const config = chain.find((l) => l.level === level);
  if (!config) throw new Error(`no ${level} in the chain`);
  return {
    type: 'LevelTaskOpened',
    data: { ...REF, level, role: config.role, mayWaive: config.mayWaive, openedAt: now, dueAt: due },
  };
}

/** Histories on the default chain with warnings only (WARNINGS), by the level whose task is open. */
export const HISTORIES = {
  unit_head: play(openReview()),
  department: play(openReview(), acknowledge('unit_head'), approve('unit_head')),
  finance: play(openReview(), acknowledge('unit_head'), approve('unit_head'), acknowledge('department'), approve('department')),
} as const satisfies Record<SignOffLevel, readonly ReviewEvent[]>;

/** Finance's task open with every warning acknowledged: ready to grade. */
export const READY_TO_GRADE = play(
  openReview(),
  acknowledge('unit_head'),
  approve('unit_head'),
  acknowledge('department'),
  approve('department'),
  acknowledge('finance'),
);

/** Blocking findings, each with a waiver request, up to the department's task. */
export const WITH_WAIVERS = {
  department: play(openReview(BLOCKING_WITH_REQUESTS), acknowledge('unit_head', [KEY.satisfaction]), approve('unit_head')),
} as const;
