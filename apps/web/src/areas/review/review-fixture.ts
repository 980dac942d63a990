import { DEFAULT_SIGN_OFF_CHAIN, type ReviewFinding, type SignOffLevel } from '@budget/domain';
import type { ReviewDetail } from './review-api';

export const WARNING: ReviewFinding = {
  key: 'S11@projectName',
  ruleId: 'S11',
  ruleSetVersion: '2026.1',
  severity: 'W',
  field: 'projectName',
  message: '项目名称“ZXRCBT”只是代码或缩写',
  values: {},
  waiver: null,
  acknowledgements: [],
};

export const BLOCKING: ReviewFinding = {
  key: 'S01@goal',
  ruleId: 'S01',
  ruleSetVersion: '2026.1',
  severity: 'B',
  field: 'goal',
  message: '未填写绩效目标。',
  values: {},
  waiver: { status: 'requested', request: { ruleId: 'S01', field: 'goal', reason: '按公开的目标表保留原样' } },
  acknowledgements: [],
};

/** A review of test data waiting at `level`, as GET /reviews/:id answers. */
export function reviewAt(level: SignOffLevel, findings: readonly ReviewFinding[] = [WARNING, BLOCKING], over: Partial<ReviewDetail> = {}): ReviewDetail {
  const now = '2026-12-03T08:00:00.000Z';
  return {
    reviewId: 'r1',
    sheetId: 's1',
    submissionNo: 1,
    round: 1,
    fiscalYear: 2025,
    departmentId: 'd1',
    unitId: 'u1',
    projectName: 'ZXRCBT',
    content: {
      sheetId: 's1',
      fiscalYear: 2025,
      departmentId: 'd1',
      unitId: 'u1',
      projectName: 'ZXRCBT',
      funding: { fiscalAppropriation: 3_022_000, specialAccountAppropriation: 0, otherFunds: 0 },
      goal: '',
      indicators: [],
    },
    createdBy: 'clerk-1',
    lastEditedBy: 'clerk-1',
    submittedBy: 'clerk-1',
    submittedAt: now,
    waiverRequests: [],
    changesSincePrevious: null,
    chain: DEFAULT_SIGN_OFF_CHAIN,
    openedAt: now,
    ruleSetVersion: '2026.1',
    findings,
    tasks: [],
    status: 'awaiting_level',
    currentLevel: level,
    dueAt: '2026-12-06T08:00:00.000Z',
    version: 3,
    currentLevelName: level,
    currentRole: null,
    total: '302.20',
    people: { 'clerk-1': '演示经办人' },
    open: {
      unacknowledgedWarnings: findings.filter((f) => f.severity === 'W').map((f) => f.key),
      unwaivedBlockingFindings: findings.filter((f) => f.severity === 'B' && f.waiver?.status !== 'granted').map((f) => f.key),
    },
    ...over,
  } as ReviewDetail;
}
