import {
  type ExistingReview,
  formatWanYuan,
  fundingTotal,
  reviewStreamId,
  SIGN_OFF_LEVEL_NAMES,
  SIGN_OFF_LEVEL_ROLES,
} from '@budget/domain';
import type { PoolClient } from 'pg';

/** What reviewers see of a review: the recorded state, amounts also in 万元, and what is still open. */
export function reviewView(state: ExistingReview, version: number) {
  const blocking = state.findings.filter((f) => f.severity === 'B');
  const warnings = state.findings.filter((f) => f.severity === 'W');
  const level = state.currentLevel;
  const unacknowledged = level === null ? [] : warnings.filter((w) => !w.acknowledgements.some((a) => a.level === level)).map((w) => w.key);
  const unwaived = blocking.filter((b) => b.waiver?.status !== 'granted').map((b) => b.key);
  const { funding } = state.content;
  return {
    ...state,
    version,
    currentLevelName: level === null ? null : SIGN_OFF_LEVEL_NAMES[level],
    currentRole: level === null ? null : SIGN_OFF_LEVEL_ROLES[level],
    total: formatWanYuan(fundingTotal(funding)),
    open: { unacknowledgedWarnings: unacknowledged, unwaivedBlockingFindings: unwaived },
  };
}
export type ReviewView = ReturnType<typeof reviewView>;

/** The reviews read model, written in the transaction of the append that changed the review. */
export async function projectReview(client: PoolClient, state: ExistingReview, version: number, at: string): Promise<void> {
  const view = reviewView(state, version);
  await client.query(
    `INSERT INTO reviews (review_id, stream_id, version, sheet_id, submission_no, round, fiscal_year, department_id, unit_id, project_name,
                          status, current_level, waiting_role, due_at, blocking, warnings, state, opened_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     ON CONFLICT (review_id) DO UPDATE SET
       version = EXCLUDED.version, status = EXCLUDED.status, current_level = EXCLUDED.current_level,
       waiting_role = EXCLUDED.waiting_role, due_at = EXCLUDED.due_at, blocking = EXCLUDED.blocking,
       warnings = EXCLUDED.warnings, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
    [
      state.reviewId,
      reviewStreamId(state.reviewId),
      version,
      state.sheetId,
      state.submissionNo,
      state.round,
      state.fiscalYear,
      state.departmentId,
      state.unitId,
      state.projectName,
      state.status,
      state.currentLevel,
      view.currentRole,
      state.dueAt,
      view.open.unwaivedBlockingFindings.length,
      view.open.unacknowledgedWarnings.length,
      JSON.stringify(view),
      state.openedAt,
      at,
    ],
  );
}
