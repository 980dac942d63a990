import { type ExistingSheet, type SheetEventType } from './sheet.types';

/** What a sheet's status is called on every screen, export and message. */
export const SHEET_STATUS_LABELS: Readonly<Record<ExistingSheet['status'], string>> = {
  draft: '草稿',
  submitted: '已提交',
  under_review: '审核中',
  revision_requested: '退回修改',
  approved: '已批复',
  rejected: '未通过审核',
};

/** The fields of a sheet as people call them (field paths of findings and diffs start with these). */
export const SHEET_FIELD_LABELS = {
  projectName: '项目名称',
  funding: '资金',
  fiscalAppropriation: '财政拨款',
  specialAccountAppropriation: '财政专户拨款',
  otherFunds: '其他资金',
  total: '总计',
  goal: '绩效目标',
  indicators: '绩效指标',
  level1: '一级指标',
  level2: '二级指标',
  name: '三级指标',
  periodTarget: '实施周期指标值',
  annualTarget: '年度指标值',
} as const;

/** What each event of a sheet is called in its history. */
export const SHEET_EVENT_LABELS: Readonly<Record<SheetEventType, string>> = {
  DraftCreated: '创建草稿',
  DraftProjectRenamed: '修改项目名称',
  DraftFundingChanged: '修改资金',
  DraftGoalChanged: '修改绩效目标',
  DraftIndicatorAdded: '新增绩效指标',
  DraftIndicatorChanged: '修改绩效指标',
  DraftIndicatorRemoved: '删除绩效指标',
  DraftIndicatorsReordered: '调整指标顺序',
  SheetSubmitted: '提交审核',
  SheetWithdrawn: '撤回提交',
  SheetReviewStarted: '开始审核',
  SheetRevisionRequested: '退回修改',
  SheetApproved: '审核通过（批复）',
  SheetRejected: '审核不通过',
  SheetReopened: '重新开放修改',
};

/** A state before anything happened (before a sheet's or a review's first event). */
export const NO_STATE_LABEL = '（无）';

/** 持续性项目 carried into the next fiscal year. */
export const CARRY_FORWARD_LABELS = {
  origin: (fiscalYear: number, projectName: string) => `结转自${fiscalYear}年度“${projectName}”`,
  originMissing: '原绩效目标表不存在',
  originNotApproved: '只有已批复的绩效目标表可以结转到下一年度',
  sameSheet: '结转后的绩效目标表须使用新的编号',
  alreadyCarried: (fiscalYear: number) => `已结转：该项目${fiscalYear}年度的绩效目标表已经存在，请勿重复结转`,
  action: '结转至下一年度',
} as const;
