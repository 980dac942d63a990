import { Injectable } from '@nestjs/common';
import { type ExistingReview, reviewStreamId } from '@budget/domain';
import { type Sql } from '../infrastructure/database';
import { type PeopleNames, reviewView, type ReviewView } from './review-view';

/** The reviews read model, written in the transaction of the append that changed the review. */
@Injectable()
export class ReviewReadModel {
  /** `people` adds to the names the row holds; returns the view as stored. */
  async save(tx: Sql, state: ExistingReview, version: number, at: string, people: PeopleNames = {}): Promise<ReviewView> {
    const view = reviewView(state, version, people);
    const { rows } = await tx.query<{ state: ReviewView }>(
      `INSERT INTO reviews (review_id, stream_id, version, sheet_id, submission_no, round, fiscal_year, department_id, unit_id, project_name,
                            status, current_level, waiting_role, due_at, blocking, warnings, state, opened_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
       ON CONFLICT (review_id) DO UPDATE SET
         version = EXCLUDED.version, status = EXCLUDED.status, current_level = EXCLUDED.current_level,
         waiting_role = EXCLUDED.waiting_role, due_at = EXCLUDED.due_at, blocking = EXCLUDED.blocking,
         warnings = EXCLUDED.warnings, updated_at = EXCLUDED.updated_at,
         state = EXCLUDED.state || jsonb_build_object('people', COALESCE(reviews.state->'people', '{}'::jsonb) || (EXCLUDED.state->'people'))
       RETURNING state`,
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
    // The row merges the names it held before; a store that keeps no rows (unit tests) answers with the view written.
    return rows[0]?.state ?? view;
  }
}
