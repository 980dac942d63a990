import {
  type ExistingReview,
  type RecordedEvent,
  formatWanYuan,
  fundingTotal,
  SIGN_OFF_LEVEL_NAMES,
  SIGN_OFF_LEVEL_ROLES,
} from '@budget/domain';

/** User id → name of the people a review names (submitter, reviewers), as their events' envelopes gave them. */
export type PeopleNames = Readonly<Record<string, string>>;

/** The names the events' actors carried (people only: the service's own actor names no one). */
export function namesOf(recorded: readonly Pick<RecordedEvent, 'actor'>[]): Record<string, string> {
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

/** A stored view; those stored before views carried `people` name no one. */
export function storedReviewView(state: Omit<ReviewView, 'people'> & { readonly people?: PeopleNames }): ReviewView {
  return { ...state, people: state.people ?? {} } as ReviewView;
}

/** A list entry: enough to pick a task without the sheet's whole content. */
export function reviewSummary(v: ReviewView) {
  return {
    reviewId: v.reviewId,
    sheetId: v.sheetId,
    submissionNo: v.submissionNo,
    round: v.round,
    fiscalYear: v.fiscalYear,
    departmentId: v.departmentId,
    unitId: v.unitId,
    projectName: v.projectName,
    total: v.total,
    status: v.status,
    currentLevel: v.currentLevel,
    currentLevelName: v.currentLevelName,
    dueAt: v.dueAt,
    version: v.version,
    findings: v.findings.map((f) => ({ key: f.key, ruleId: f.ruleId, severity: f.severity, field: f.field, message: f.message, waiver: f.waiver?.status ?? null })),
    open: v.open,
  };
}
