import { type ExistingReview, type FindingWaiver } from './review.types';

/** What a review's status is called on every screen, export and message. */
export const REVIEW_STATUS_LABELS: Readonly<Record<ExistingReview['status'], string>> = {
  open: '已开启',
  awaiting_level: '审核中',
  revision_requested: '已退回修改',
  approved: '审核通过',
  rejected: '未通过审核',
  cancelled: '已取消',
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
