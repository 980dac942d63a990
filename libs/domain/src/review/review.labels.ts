import { SHEET_STATUS_LABELS } from '../sheet/sheet.labels';
import { type ExistingReview, type FindingWaiver, type LevelDecision, type ReviewEvent, type SignOffChain, type SignOffLevel } from './review.types';
import { type SignOffChainEvent } from './sign-off-chain';

/** What each level of a sign-off chain is called, in the review's answers, its messages and the history. */
export const SIGN_OFF_LEVEL_NAMES: Readonly<Record<SignOffLevel, string>> = {
  unit_head: '单位负责人',
  department: '主管部门',
  finance: '财政部门',
};

/**
 * What a review's status is called on every screen, export and message. `open` (opened, or between
 * two levels, before the next level's task) is 审核中 like `awaiting_level`, the sheet's word: a
 * clerk sees a review in progress, not its bookkeeping.
 */
export const REVIEW_STATUS_LABELS: Readonly<Record<ExistingReview['status'], string>> = {
  open: SHEET_STATUS_LABELS.under_review,
  awaiting_level: SHEET_STATUS_LABELS.under_review,
  revision_requested: '已退回修改',
  approved: '审核通过',
  rejected: '未通过审核',
  cancelled: '已取消',
};

/**
 * What a level's decision is called on the review screen's sign-off steps: the decision, not the
 * review's status (a level decides 不予通过, as the 差 grade says; the review then stands 未通过审核).
 */
export const LEVEL_DECISION_LABELS: Readonly<Record<LevelDecision['kind'], string>> = {
  approved: '通过',
  revision_requested: SHEET_STATUS_LABELS.revision_requested,
  rejected: '不予通过',
};

/** Where a blocking finding's waiver stands, on the review screen and in the audit history alike. */
export const WAIVER_STATUS_LABELS: Readonly<Record<FindingWaiver['status'], string>> = {
  not_requested: '未申请豁免',
  requested: '已申请豁免',
  granted: '已同意豁免',
  refused: '不同意豁免',
};

/** Severity of a finding: 阻断 blocks the submission, 警告 needs acknowledging, 提示 informs. */
export const FINDING_SEVERITY_LABELS = { B: '阻断', W: '警告', I: '提示' } as const;

export const GRADE_LABELS = { 优: '优', 良: '良', 中: '中（退回修改）', 差: '差（本年度不予通过）' } as const;

/** What each event of a review is called in a sheet's history. */
export const REVIEW_EVENT_LABELS: Readonly<Record<ReviewEvent['type'], string>> = {
  ReviewOpened: '审核开启',
  FindingsRecorded: '规则检查结果',
  LevelTaskOpened: '待审核',
  WarningsAcknowledged: '确认预警事项',
  WaiverDecided: '豁免决定',
  LevelApproved: '本级审核通过',
  ReviewRevisionRequested: '审核退回修改',
  ReviewApproved: '终审通过',
  ReviewRejected: '终审不通过',
  ReviewCancelled: '审核取消',
};

/** What each event of a department's sign-off chain is called in the department's history. */
export const SIGN_OFF_CHAIN_EVENT_LABELS: Readonly<Record<SignOffChainEvent['type'], string>> = {
  SignOffChainConfigured: '修改审核流程',
};
export const SIGN_OFF_CHAIN_ADOPTED_LABEL = '审核流程（接管原有配置）';
export const SIGN_OFF_CHAIN_FIELD_LABEL = '审核流程';

/** 单位负责人（72小时）→ 主管部门（可豁免，3个工作日）→ 财政部门（可豁免，72小时）: working days where a level counts them. */
export function signOffChainText(chain: SignOffChain): string {
  const due = (l: SignOffChain[number]) => (l.dueWorkingDays !== undefined ? `${l.dueWorkingDays}个工作日` : `${l.dueHours}小时`);
  return chain.map((l) => `${SIGN_OFF_LEVEL_NAMES[l.level] ?? l.level}（${l.mayWaive ? '可豁免，' : ''}${due(l)}）`).join(' → ');
}
