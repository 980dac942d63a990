import { assertNever, DomainError } from '../errors';
import { REVIEW_STATUS_LABELS, SIGN_OFF_LEVEL_NAMES } from './review.labels';
import { type Actor } from '../events/envelope';
import { findingKey, type Finding } from '../rules/finding';
import { isPresent, throwIfInvalid } from '../sheet/field-checks';
import { authorize, type PolicyDecision } from '../core/policy';
import { type WaiverRequest } from '../sheet/sheet.types';
import { levelDueDate, type WorkingDayCalendar } from '../calendar/working-days';
import { copyLevelConfig, firstWaivingLevelIndex, isLastSignOffLevel, nextSignOffLevel } from './review.chain';
import { actingForOf } from '../delegation/delegation.policy';
import { type ActingFor } from '../delegation/delegation.types';
import { mayCancelReview, mayDecideWaiver, mayOpenReview, maySignOff, maySignOffFor } from './review.policy';
import {
  type AcknowledgeWarnings,
  type ApproveLevel,
  type AwaitingReview,
  type CancelReview,
  type DecideWaiver,
  type ExistingReview,
  type FindingWaiver,
  type GradeReview,
  type LevelDecision,
  type LevelTask,
  type LevelTaskOpened,
  type OpenReview,
  type RequestReviewRevision,
  type ReviewCommand,
  type ReviewEvent,
  type ReviewFinding,
  type ReviewRecord,
  type ReviewRef,
  type ReviewRevisionReason,
  type ReviewState,
  type SignOffChain,
  type SignOffLevel,
  type SignOffLevelConfig,
} from './review.types';
import { validateReviewCommand } from './review.validation';

/** One review per submission; the caller derives a deterministic reviewId (e.g. from sheetId and submissionNo). */
export function reviewStreamId(reviewId: string): string {
  return `review-${reviewId}`;
}

export function initialReviewState(): ReviewState {
  return { status: 'none' };
}

// ---- decide ----------------------------------------------------------------------------

export function decideReview(command: ReviewCommand, state: ReviewState): ReviewEvent[] {
  switch (command.type) {
    case 'OpenReview':
      return openReview(command, state);
    case 'AcknowledgeWarnings':
      return acknowledgeWarnings(command, state);
    case 'DecideWaiver':
      return decideWaiver(command, state);
    case 'ApproveLevel':
      return approveLevel(command, state);
    case 'GradeReview':
      return gradeReview(command, state);
    case 'RequestRevision':
      return requestRevision(command, state);
    case 'CancelReview':
      return cancelReview(command, state);
    default:
      return assertNever(command, 'review command');
  }
}

/**
 * Records the submission and its findings, then either sends it back at once (a blocking finding
 * that nobody in the chain can waive: no matching request, or no level that may waive) or opens
 * the first level's task.
 */
function openReview(command: OpenReview, state: ReviewState): ReviewEvent[] {
  if (state.status !== 'none') throw new DomainError('ALREADY_EXISTS', '该次报送的审核已存在');
  const { data, metadata } = command;
  authorize(mayOpenReview(metadata.actor));
  validate(command, state);
  const ref: ReviewRef = {
    reviewId: data.reviewId,
    sheetId: data.sheetId,
    submissionNo: data.submissionNo,
    round: data.round,
    fiscalYear: data.content.fiscalYear,
    departmentId: data.content.departmentId,
    unitId: data.content.unitId,
    projectName: data.content.projectName,
  };
  const chain: SignOffChain = data.chain.map(copyLevelConfig);
  const waiverRequests = data.waiverRequests.map((w) => ({ ruleId: w.ruleId, ...(isPresent(w.field) && { field: w.field }), reason: w.reason }));
  const findings = data.findings.map(copyFinding);
  const events: ReviewEvent[] = [
    {
      type: 'ReviewOpened',
      data: {
        ...ref,
        content: data.content,
        createdBy: data.createdBy,
        lastEditedBy: data.lastEditedBy,
        submittedBy: data.submittedBy,
        submittedAt: data.submittedAt,
        waiverRequests,
        changesSincePrevious: data.changesSincePrevious,
        chain,
        openedAt: metadata.now,
      },
    },
    { type: 'FindingsRecorded', data: { ...ref, ruleSetVersion: data.ruleSetVersion, findings } },
  ];
  const mayBeWaived = firstWaivingLevelIndex(chain) >= 0;
  const unwaivable = findings.filter((f) => f.severity === 'B' && !(mayBeWaived && matchingWaiverRequest(f, waiverRequests)));
  if (unwaivable.length > 0) {
    events.push({
      type: 'ReviewRevisionRequested',
      data: {
        ...ref,
        level: null,
        automatic: true,
        grade: null,
        reasons: unwaivable.map(findingReason),
        by: metadata.actor.id,
        at: metadata.now,
      },
    });
    return events;
  }
  const first = chain[0];
  if (!first) throw new Error('validated chain is empty');
  events.push(taskOpened(ref, first, metadata.now, data.calendar));
  return events;
}

function acknowledgeWarnings(command: AcknowledgeWarnings, state: ReviewState): ReviewEvent[] {
  const { review, level } = levelTask(command, state, '确认预警', maySignOff);
  validate(command, state);
  const done = new Set(acknowledgedKeys(review, level.level));
  const findingKeys = unique(command.data.findingKeys).filter((key) => !done.has(key));
  if (findingKeys.length === 0) return [];
  return [{ type: 'WarningsAcknowledged', data: { ...refOf(review), level: level.level, findingKeys, ...signed(command) } }];
}

/** A waiver is decided once, by the first level allowed to waive; later levels see it decided. */
function decideWaiver(command: DecideWaiver, state: ReviewState): ReviewEvent[] {
  const { review, level } = levelTask(command, state, '作出豁免决定', mayDecideWaiver);
  validate(command, state);
  const findingKeys = unique(command.data.findingKeys);
  for (const key of findingKeys) {
    for (const finding of review.findings) {
      if (finding.key !== key || finding.severity !== 'B') continue;
      if (finding.waiver?.status === 'not_requested') {
        throw new DomainError('ILLEGAL_STATE', `单位未申请豁免“${key}”`, { findingKey: key });
      }
      if (finding.waiver?.status === 'granted' || finding.waiver?.status === 'refused') {
        throw new DomainError('ILLEGAL_STATE', `“${key}”的豁免申请已作出决定`, { findingKey: key, waiver: finding.waiver.status });
      }
    }
  }
  const { grant, reason } = command.data;
  return [
    {
      type: 'WaiverDecided',
      data: { ...refOf(review), level: level.level, findingKeys, granted: grant, reason, ...signed(command) },
    },
  ];
}

function approveLevel(command: ApproveLevel, state: ReviewState): ReviewEvent[] {
  const { review, level } = levelTask(command, state, '通过本级审核', maySignOff);
  const next = nextSignOffLevel(review.chain, level.level);
  if (!next) {
    throw new DomainError('ILLEGAL_STATE', `“${SIGN_OFF_LEVEL_NAMES[level.level]}”是最后一级审核，须评定等级（优、良、中、差）`, {
      level: level.level,
    });
  }
  validate(command, state);
  assertReadyToApprove(review, level);
  const { comments } = command.data;
  return [
    {
      type: 'LevelApproved',
      data: { ...refOf(review), level: level.level, comments: isPresent(comments) ? comments : null, ...signed(command) },
    },
    taskOpened(refOf(review), next, command.metadata.now, command.data.calendar),
  ];
}

function gradeReview(command: GradeReview, state: ReviewState): ReviewEvent[] {
  const { review, level } = levelTask(command, state, '评定等级', maySignOff);
  if (!isLastSignOffLevel(review.chain, level.level)) {
    throw new DomainError('ILLEGAL_STATE', `只有最后一级审核评定等级，“${SIGN_OFF_LEVEL_NAMES[level.level]}”环节请通过本级审核或退回修改`, {
      level: level.level,
    });
  }
  validate(command, state);
  const { grade, comments, conditions } = command.data;
  const ref = refOf(review);
  switch (grade) {
    case '优':
    case '良':
      assertReadyToApprove(review, level);
      return [
        {
          type: 'ReviewApproved',
          data: {
            ...ref,
            level: level.level,
            grade,
            conditions: grade === '良' && isPresent(conditions) ? conditions : null,
            comments: isPresent(comments) ? comments : null,
            ...signed(command),
          },
        },
      ];
    case '中':
      return [
        {
          type: 'ReviewRevisionRequested',
          data: {
            ...ref,
            level: level.level,
            automatic: false,
            grade,
            reasons: [{ message: comments ?? '' }],
            ...signed(command),
          },
        },
      ];
    case '差':
      return [{ type: 'ReviewRejected', data: { ...ref, level: level.level, grade, reason: comments ?? '', ...signed(command) } }];
    default:
      return assertNever(grade, 'grade');
  }
}

/** A comment on a finding carries the finding's rule and (unless it names another) field. */
function requestRevision(command: RequestReviewRevision, state: ReviewState): ReviewEvent[] {
  const { review, level } = levelTask(command, state, '退回修改', maySignOff);
  validate(command, state);
  const reasons = command.data.comments.map((comment): ReviewRevisionReason => {
    const finding = isPresent(comment.findingKey) ? review.findings.find((f) => f.key === comment.findingKey) : undefined;
    const field = isPresent(comment.field) ? comment.field : finding?.field;
    return {
      ...(isPresent(field) && { field }),
      ...(finding && { ruleId: finding.ruleId, findingKey: finding.key }),
      message: comment.message,
    };
  });
  return [
    {
      type: 'ReviewRevisionRequested',
      data: { ...refOf(review), level: level.level, automatic: false, grade: null, reasons, ...signed(command) },
    },
  ];
}

function cancelReview(command: CancelReview, state: ReviewState): ReviewEvent[] {
  const review = existing(command, state);
  authorize(mayCancelReview(command.metadata.actor));
  if (review.status !== 'awaiting_level' && review.status !== 'open') throw illegalState(review, '取消');
  validate(command, state);
  return [{ type: 'ReviewCancelled', data: { ...refOf(review), reason: command.data.reason, ...signed(command) } }];
}

// ---- guards ----------------------------------------------------------------------------

type LevelCommand = AcknowledgeWarnings | DecideWaiver | ApproveLevel | GradeReview | RequestReviewRevision;

function existing(command: Exclude<ReviewCommand, OpenReview>, state: ReviewState): ExistingReview {
  if (state.status === 'none') throw new DomainError('NOT_FOUND', '审核不存在', { reviewId: command.data.reviewId });
  if (state.reviewId !== command.data.reviewId) {
    // The handler loaded another stream than the command names: a wiring bug, not a user error.
    throw new Error(`command for review ${command.data.reviewId} decided on review ${state.reviewId}`);
  }
  return state;
}

/**
 * Order of refusals, as for sheets: missing review; a level the chain does not have; who (the
 * sign-off policy, four-eyes included); when (closed review, another level's turn). What the
 * command says is validated by the caller of this guard.
 */
function levelTask(
  command: LevelCommand,
  state: ReviewState,
  action: string,
  policy: (actor: Actor, review: ReviewRecord, level: SignOffLevelConfig) => PolicyDecision,
): { readonly review: AwaitingReview; readonly level: SignOffLevelConfig } {
  const review = existing(command, state);
  const level = review.chain.find((l) => l.level === command.data.level);
  if (!level) {
    throw new DomainError('VALIDATION_FAILED', '输入有误', { fieldErrors: [{ field: 'level', message: '本审核链没有该审核环节' }] });
  }
  const { actor, now } = command.metadata;
  const { actingFor } = command.data;
  authorize(actingFor ? maySignOffFor(actor, review, level, actingFor, now, policy) : policy(actor, review, level));
  if (review.status !== 'awaiting_level') throw illegalState(review, action);
  if (review.currentLevel !== level.level) {
    throw new DomainError(
      'ILLEGAL_STATE',
      `当前待“${SIGN_OFF_LEVEL_NAMES[review.currentLevel]}”审核，“${SIGN_OFF_LEVEL_NAMES[level.level]}”环节不能${action}`,
      { currentLevel: review.currentLevel, level: level.level },
    );
  }
  return { review, level };
}

/**
 * Approval at a level (and grading 优/良) needs every warning acknowledged at that level and,
 * from the first level that may waive on, every blocking finding waived. Levels before it pass
 * requested waivers on undecided; a refused waiver leaves only a revision request (or 中/差).
 */
function assertReadyToApprove(review: AwaitingReview, level: SignOffLevelConfig): void {
  const acknowledged = new Set(acknowledgedKeys(review, level.level));
  const unacknowledged = unique(review.findings.filter((f) => f.severity === 'W' && !acknowledged.has(f.key)).map((f) => f.key));
  if (unacknowledged.length > 0) {
    throw new DomainError('ILLEGAL_STATE', `尚有${unacknowledged.length}项预警未经本级确认，不能通过`, { findingKeys: unacknowledged });
  }
  const first = firstWaivingLevelIndex(review.chain);
  const index = review.chain.findIndex((l) => l.level === level.level);
  if (first >= 0 && index < first) return;
  const unwaived = unique(review.findings.filter((f) => f.severity === 'B' && f.waiver?.status !== 'granted').map((f) => f.key));
  if (unwaived.length > 0) {
    throw new DomainError('ILLEGAL_STATE', `尚有${unwaived.length}项阻断性问题未获豁免，不能通过，请退回修改`, { findingKeys: unwaived });
  }
}

function validate(command: ReviewCommand, state: ReviewState): void {
  throwIfInvalid(validateReviewCommand(command, state));
}

function illegalState(review: ExistingReview, action: string): DomainError {
  return new DomainError('ILLEGAL_STATE', `审核当前状态为“${REVIEW_STATUS_LABELS[review.status]}”，不能${action}`, { status: review.status });
}

// ---- helpers ---------------------------------------------------------------------------

function refOf(review: ReviewRef): ReviewRef {
  const { reviewId, sheetId, submissionNo, round, fiscalYear, departmentId, unitId, projectName } = review;
  return { reviewId, sheetId, submissionNo, round, fiscalYear, departmentId, unitId, projectName };
}

/** Who and when; and, when a delegate acted, for whom (only then: an own-name action has no actingFor key). */
function signed(command: LevelCommand | CancelReview): { readonly by: string; readonly at: string; readonly actingFor?: ActingFor } {
  const actingFor = command.type === 'CancelReview' ? undefined : command.data.actingFor;
  return { by: command.metadata.actor.id, at: command.metadata.now, ...(actingFor && { actingFor: actingForOf(actingFor) }) };
}

/** Carries an event's actingFor into the state's records of it, when there is one. */
function acting(data: { readonly actingFor?: ActingFor }): { readonly actingFor?: ActingFor } {
  return data.actingFor ? { actingFor: data.actingFor } : {};
}

/**
 * The due time in working days when the level has them and the command brought a calendar; else in
 * calendar hours. A due date in a year the calendar has not published is not guessed: the task gets
 * the hours and names the year, so 待办 shows it as pending a calendar update.
 */
function taskOpened(ref: ReviewRef, level: SignOffLevelConfig, now: string, calendar: WorkingDayCalendar | undefined): LevelTaskOpened {
  const base = { ...ref, level: level.level, role: level.role, mayWaive: level.mayWaive, openedAt: now, dueAt: addHours(now, level.dueHours) };
  if (level.dueWorkingDays === undefined || !calendar) return { type: 'LevelTaskOpened', data: base };
  const due = levelDueDate(calendar, now, level.dueWorkingDays);
  return {
    type: 'LevelTaskOpened',
    data: due.known
      ? { ...base, dueAt: due.value.dueAt, dueDate: due.value.dueDate, dueWorkingDays: due.value.workingDays }
      : { ...base, unknownCalendarYear: due.unknownYear },
  };
}

function addHours(instant: string, hours: number): string {
  const ms = Date.parse(instant);
  if (Number.isNaN(ms)) throw new Error(`command metadata.now is not an ISO instant: ${instant}`);
  return new Date(ms + hours * 3_600_000).toISOString();
}

function copyFinding(f: Finding): Finding {
  return { ruleId: f.ruleId, ruleSetVersion: f.ruleSetVersion, severity: f.severity, field: f.field, message: f.message, values: { ...f.values } };
}

/**
 * A request names a rule and optionally a field; without a field it covers every finding of the
 * rule. A request for the exact field wins over one for the whole rule.
 */
export function matchingWaiverRequest(finding: Pick<Finding, 'ruleId' | 'field'>, requests: readonly WaiverRequest[]): WaiverRequest | undefined {
  return (
    requests.find((w) => w.ruleId === finding.ruleId && w.field === finding.field) ??
    requests.find((w) => w.ruleId === finding.ruleId && !isPresent(w.field))
  );
}

function findingReason(f: Finding): ReviewRevisionReason {
  return { ...(isPresent(f.field) && { field: f.field }), ruleId: f.ruleId, findingKey: findingKey(f), message: f.message };
}

function acknowledgedKeys(review: ReviewRecord, level: SignOffLevel): string[] {
  return review.findings.filter((f) => f.acknowledgements.some((a) => a.level === level)).map((f) => f.key);
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}

// ---- evolve ----------------------------------------------------------------------------

export function evolveReview(state: ReviewState, event: ReviewEvent): ReviewState {
  switch (event.type) {
    case 'ReviewOpened': {
      const d = event.data;
      return {
        status: 'open',
        ...refOf(d),
        content: d.content,
        createdBy: d.createdBy,
        lastEditedBy: d.lastEditedBy,
        submittedBy: d.submittedBy,
        submittedAt: d.submittedAt,
        waiverRequests: d.waiverRequests,
        changesSincePrevious: d.changesSincePrevious,
        chain: d.chain,
        openedAt: d.openedAt,
        ruleSetVersion: null,
        findings: [],
        tasks: [],
        currentLevel: null,
        dueAt: null,
      };
    }
    case 'FindingsRecorded': {
      const review = record(state, event.type);
      return {
        ...review,
        status: 'open',
        currentLevel: null,
        dueAt: null,
        ruleSetVersion: event.data.ruleSetVersion,
        findings: event.data.findings.map((f) => toReviewFinding(f, review.waiverRequests)),
      };
    }
    case 'LevelTaskOpened': {
      const review = record(state, event.type);
      const { level, role, mayWaive, openedAt, dueAt } = event.data;
      const task: LevelTask = { level, role, mayWaive, openedAt, dueAt, acknowledgements: [], waiverDecisions: [], decision: null };
      return { ...review, status: 'awaiting_level', currentLevel: level, dueAt, tasks: [...review.tasks, task] };
    }
    case 'WarningsAcknowledged': {
      const review = awaiting(state, event.type);
      const { level, findingKeys, by, at } = event.data;
      const keys = new Set(findingKeys);
      return {
        ...review,
        findings: review.findings.map((f) =>
          f.severity === 'W' && keys.has(f.key) ? { ...f, acknowledgements: [...f.acknowledgements, { level, by, at, ...acting(event.data) }] } : f,
        ),
        tasks: updateTask(review.tasks, level, (t) => ({ ...t, acknowledgements: [...t.acknowledgements, { findingKeys, by, at, ...acting(event.data) }] })),
      };
    }
    case 'WaiverDecided': {
      const review = awaiting(state, event.type);
      const { level, findingKeys, granted, reason, by, at } = event.data;
      const keys = new Set(findingKeys);
      const decided = (waiver: FindingWaiver | null): FindingWaiver | null =>
        waiver?.status === 'requested'
          ? { status: granted ? 'granted' : 'refused', request: waiver.request, decision: { level, granted, reason, by, at, ...acting(event.data) } }
          : waiver;
      return {
        ...review,
        findings: review.findings.map((f) => (f.severity === 'B' && keys.has(f.key) ? { ...f, waiver: decided(f.waiver) } : f)),
        tasks: updateTask(review.tasks, level, (t) => ({
          ...t,
          waiverDecisions: [...t.waiverDecisions, { findingKeys, granted, reason, by, at, ...acting(event.data) }],
        })),
      };
    }
    case 'LevelApproved': {
      const review = record(state, event.type);
      const { level, comments, by, at } = event.data;
      return {
        ...review,
        status: 'open',
        currentLevel: null,
        dueAt: null,
        tasks: decided(review.tasks, level, { kind: 'approved', comments, grade: null, conditions: null, by, at, ...acting(event.data) }),
      };
    }
    case 'ReviewRevisionRequested': {
      const review = record(state, event.type);
      const { level, automatic, grade, reasons, by, at } = event.data;
      return {
        ...review,
        status: 'revision_requested',
        currentLevel: null,
        dueAt: null,
        tasks: level === null ? review.tasks : decided(review.tasks, level, { kind: 'revision_requested', grade, reasons, by, at, ...acting(event.data) }),
        outcome: { level, automatic, grade, reasons, by, at, ...acting(event.data) },
      };
    }
    case 'ReviewApproved': {
      const review = record(state, event.type);
      const { level, grade, conditions, comments, by, at } = event.data;
      return {
        ...review,
        status: 'approved',
        currentLevel: null,
        dueAt: null,
        tasks: decided(review.tasks, level, { kind: 'approved', comments, grade, conditions, by, at, ...acting(event.data) }),
        outcome: { level, grade, conditions, comments, by, at, ...acting(event.data) },
      };
    }
    case 'ReviewRejected': {
      const review = record(state, event.type);
      const { level, grade, reason, by, at } = event.data;
      return {
        ...review,
        status: 'rejected',
        currentLevel: null,
        dueAt: null,
        tasks: decided(review.tasks, level, { kind: 'rejected', grade, reason, by, at, ...acting(event.data) }),
        outcome: { level, grade, reason, by, at, ...acting(event.data) },
      };
    }
    case 'ReviewCancelled': {
      const review = record(state, event.type);
      const { reason, by, at } = event.data;
      return { ...review, status: 'cancelled', currentLevel: null, dueAt: null, outcome: { reason, by, at } };
    }
    default:
      return assertNever(event, 'review event');
  }
}

export function foldReview(events: readonly ReviewEvent[]): ReviewState {
  return events.reduce(evolveReview, initialReviewState());
}

export const reviewDecider = {
  decide: decideReview,
  evolve: evolveReview,
  initialState: initialReviewState,
} as const;

/** The fields common to every status, without the ones that belong to the status being left. */
function record(state: ReviewState, eventType: string): ReviewRecord {
  if (state.status === 'none') throw new Error(`${eventType} on a review that was never opened`);
  // Every status is the record plus `status` and, once closed, `outcome`.
  const { status: _status, ...rest } = state;
  const { outcome: _outcome, ...fields } = rest as typeof rest & { outcome?: unknown };
  return fields;
}

function awaiting(state: ReviewState, eventType: string): AwaitingReview {
  if (state.status !== 'awaiting_level') throw new Error(`${eventType} on a review with no open task (${state.status})`);
  return state;
}

function toReviewFinding(f: Finding, requests: readonly WaiverRequest[]): ReviewFinding {
  const request = f.severity === 'B' ? matchingWaiverRequest(f, requests) : undefined;
  return {
    ...f,
    key: findingKey(f),
    waiver: f.severity !== 'B' ? null : request ? { status: 'requested', request } : { status: 'not_requested' },
    acknowledgements: [],
  };
}

/** The latest task of `level` (a level is opened once per review). */
function updateTask(tasks: readonly LevelTask[], level: SignOffLevel, update: (task: LevelTask) => LevelTask): LevelTask[] {
  const index = tasks.findLastIndex((t) => t.level === level);
  return tasks.map((t, i) => (i === index ? update(t) : t));
}

function decided(tasks: readonly LevelTask[], level: SignOffLevel, decision: LevelDecision): LevelTask[] {
  return updateTask(tasks, level, (t) => ({ ...t, decision }));
}
