import { Injectable } from '@nestjs/common';
import { type ExistingReview, reviewStreamId } from '@budget/domain';
import { type AlongsideWrite } from '@budget/event-store';
import { type Sql } from '../infrastructure/database';
import { type PeopleNames, reviewView, type ReviewView } from './review-view';

const REVIEW_ROW_COLUMNS = `review_id, stream_id, version, sheet_id, submission_no, round, fiscal_year, department_id, unit_id, project_name,
                            status, current_level, waiting_role, due_at, blocking, warnings, state, opened_at, updated_at`;
/** The types of reviewRowValues, in order. */
const REVIEW_ROW_TYPES = [
  'text',
  'text',
  'integer',
  'text',
  'integer',
  'integer',
  'integer',
  'text',
  'text',
  'text',
  'text',
  'text',
  'text',
  'timestamptz',
  'integer',
  'integer',
  'jsonb',
  'timestamptz',
  'timestamptz',
] as const;
/** An update keeps what the row was opened with and adds the names it did not hold. */
const REVIEW_ROW_UPSERT = `ON CONFLICT (review_id) DO UPDATE SET
         version = EXCLUDED.version, status = EXCLUDED.status, current_level = EXCLUDED.current_level,
         waiting_role = EXCLUDED.waiting_role, due_at = EXCLUDED.due_at, blocking = EXCLUDED.blocking,
         warnings = EXCLUDED.warnings, updated_at = EXCLUDED.updated_at,
         state = EXCLUDED.state || jsonb_build_object('people', COALESCE(reviews.state->'people', '{}'::jsonb) || (EXCLUDED.state->'people'))`;

/** The row's values in REVIEW_ROW_COLUMNS' order. */
function reviewRowValues(state: ExistingReview, view: ReviewView, version: number, at: string): unknown[] {
  return [
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
  ];
}

/** The reviews read model, written in the transaction of the append that changed the review. */
@Injectable()
export class ReviewReadModel {
  /** `people` adds to the names the row holds; returns the view as stored. */
  async save(tx: Sql, state: ExistingReview, version: number, at: string, people: PeopleNames = {}): Promise<ReviewView> {
    const view = reviewView(state, version, people);
    const values = reviewRowValues(state, view, version, at);
    const { rows } = await tx.query<{ state: ReviewView }>(
      `INSERT INTO reviews (${REVIEW_ROW_COLUMNS})
       VALUES (${values.map((_, i) => `$${i + 1}`).join(', ')})
       ${REVIEW_ROW_UPSERT}
       RETURNING state`,
      values,
    );
    // The row merges the names it held before; a store that keeps no rows (unit tests) answers with the view written.
    return rows[0]?.state ?? view;
  }

  /**
   * The same row written by the append's own statement (one round trip less than save), for a
   * writer that does not need the view as stored (the names merged with those the row held).
   */
  alongside(state: ExistingReview, version: number, at: string, people: PeopleNames = {}): AlongsideWrite {
    return {
      sql: (param) => {
        const values = reviewRowValues(state, reviewView(state, version, people), version, at).map((v, i) => `${param(v)}::${REVIEW_ROW_TYPES[i]!}`);
        return `INSERT INTO reviews (${REVIEW_ROW_COLUMNS}) SELECT ${values.join(', ')} WHERE EXISTS (SELECT 1 FROM inserted)
         ${REVIEW_ROW_UPSERT}`;
      },
    };
  }
}
