import {
  type ExistingReview,
  type RecordedEvent,
  formatWanYuan,
  fundingTotal,
  reviewStreamId,
  SIGN_OFF_LEVEL_NAMES,
  SIGN_OFF_LEVEL_ROLES,
} from '@budget/domain';
import type { EventStoreTransaction } from '@budget/event-store';

/** User id → name of the people a review names (submitter, reviewers), as their events' envelopes gave them. */
export type PeopleNames = Readonly<Record<string, string>>;

/** The names the events' actors carried (people only: the service's own actor names no one). */
export function namesOf(recorded: readonly RecordedEvent[]): Record<string, string> {
  const names: Record<string, string> = {};
  for (const r of recorded) if (r.actor.role !== 'system' && r.actor.name) names[r.actor.id] = r.actor.name;
  return names;
}

/**
 * What reviewers see of a review: the recorded state, amounts also in 万元, what is still open, and
 * the names of the people it names by id (`people`, gathered as its events are recorded).
 */
export function reviewView(state: ExistingReview, version: number, people: PeopleNames = {}) {
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
    people,
  };
}
export type ReviewView = ReturnType<typeof reviewView>;

/** The reviews read model, written in the transaction of the append that changed the review; `people` adds to the names it holds. Returns the view as stored. */
export async function projectReview(client: EventStoreTransaction, state: ExistingReview, version: number, at: string, people: PeopleNames = {}): Promise<ReviewView> {
  const view = reviewView(state, version, people);
  const { rows } = await client.query<{ state: ReviewView }>(
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
  return rows[0]!.state;
}

/** A stored view; those stored before views carried `people` name no one. */
export function storedReviewView(state: Omit<ReviewView, 'people'> & { readonly people?: PeopleNames }): ReviewView {
  return { ...state, people: state.people ?? {} } as ReviewView;
}
