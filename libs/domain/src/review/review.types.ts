import { type CalendarDate, type WorkingDayCalendar } from '../calendar/working-days';
import { type Command } from '../core/decider';
import { type ActingFor, type Delegation } from '../delegation/delegation.types';
import { type DomainEvent, type Role } from '../events/envelope';
import { type Finding } from '../rules/finding';
import {
  type ApprovalGrade,
  type RejectionGrade,
  type RevisionReason,
  type SheetContent,
  type SheetContentDiff,
  type WaiverRequest,
} from '../sheet/sheet.types';

// ---- sign-off chain (configured per department; see review.chain.ts) ------------------

/** In hierarchy order: a chain lists a subset of them, in this order. */
export const SIGN_OFF_LEVELS = ['unit_head', 'department', 'finance'] as const;
export type SignOffLevel = (typeof SIGN_OFF_LEVELS)[number];

export type SignOffRole = Extract<Role, 'unit_head' | 'department_reviewer' | 'finance_reviewer'>;

export interface SignOffLevelConfig {
  readonly level: SignOffLevel;
  /** Always the level's role (SIGN_OFF_LEVEL_ROLES); stored so an event names who is addressed. */
  readonly role: SignOffRole;
  /** Whether reviewers of this level decide waiver requests for blocking findings. */
  readonly mayWaive: boolean;
  /** Calendar hours from the task's opening to its due time (deadline reminders). */
  readonly dueHours: number;
  /**
   * Working days (工作日) the level has, counted on the statutory calendar the opening command
   * brings (levelDueDate). Absent, or without a calendar, the due time is `dueHours`; so it is when
   * the due date would fall in a year the calendar has not published, and the task says so.
   */
  readonly dueWorkingDays?: number;
}

export type SignOffChain = readonly SignOffLevelConfig[];

// ---- grades and reasons ----------------------------------------------------------------

/** 财预〔2015〕88号: the last level grades a target 优/良/中/差. */
export const REVIEW_GRADES = ['优', '良', '中', '差'] as const;
export type ReviewGrade = (typeof REVIEW_GRADES)[number];
export type RevisionGrade = '中';

/** The sheet's RevisionReason, plus the finding a reason is about (ruleId and field are filled from it). */
export type ReviewRevisionReason = RevisionReason & { readonly findingKey?: string };

/** A reviewer's comment when sending a sheet back: on a field, on a finding, or general. */
export interface RevisionComment {
  readonly field?: string;
  readonly findingKey?: string;
  readonly message: string;
}

// ---- commands --------------------------------------------------------------------------

/**
 * What a level command may add when a delegate acts (代理审批): the delegation in force, resolved
 * by the service from the delegator id the request names. The decider checks it (delegationFor/
 * mayActFor and four-eyes for both people); the events then record `actingFor`.
 */
type ActingAs = { readonly actingFor?: Delegation };

/**
 * By the review service (role `system`) when it consumes a SheetSubmitted: the submission's data
 * (fiscal year, department, unit and project name are read from `content`), plus the review id,
 * the round, the findings the rule engine produced and the department's chain at that moment.
 */
export type OpenReview = Command<
  'OpenReview',
  {
    readonly reviewId: string;
    readonly sheetId: string;
    readonly submissionNo: number;
    /** 1 for the first review of a sheet, +1 for each resubmission after a revision request. */
    readonly round: number;
    readonly content: SheetContent;
    readonly createdBy: string;
    readonly lastEditedBy: string;
    readonly submittedBy: string;
    readonly submittedAt: string;
    readonly waiverRequests: readonly WaiverRequest[];
    readonly changesSincePrevious: SheetContentDiff | null;
    /** The rule-set version that evaluated the submission, recorded even when nothing was found. */
    readonly ruleSetVersion: string;
    readonly findings: readonly Finding[];
    readonly chain: SignOffChain;
    /** The department's working-day calendar, for levels with dueWorkingDays. */
    readonly calendar?: WorkingDayCalendar;
  }
>;
export type AcknowledgeWarnings = Command<
  'AcknowledgeWarnings',
  ActingAs & { readonly reviewId: string; readonly level: SignOffLevel; readonly findingKeys: readonly string[] }
>;
export type DecideWaiver = Command<
  'DecideWaiver',
  ActingAs & {
    readonly reviewId: string;
    readonly level: SignOffLevel;
    readonly findingKeys: readonly string[];
    readonly grant: boolean;
    readonly reason: string;
  }
>;
/** Approves a level that is not the last one; the last level grades instead (GradeReview). */
export type ApproveLevel = Command<
  'ApproveLevel',
  ActingAs & {
    readonly reviewId: string;
    readonly level: SignOffLevel;
    readonly comments?: string;
    /** The department's working-day calendar, for a next level with dueWorkingDays. */
    readonly calendar?: WorkingDayCalendar;
  }
>;
/** The last level's decision: 优/良 approve, 中 sends back for revision, 差 rejects for the year. */
export type GradeReview = Command<
  'GradeReview',
  ActingAs & {
    readonly reviewId: string;
    readonly level: SignOffLevel;
    readonly grade: ReviewGrade;
    /** Required for 中 (it becomes the revision reason) and 差 (the rejection reason). */
    readonly comments?: string;
    /** Only with 良. */
    readonly conditions?: string;
  }
>;
/** Type `RequestRevision` (named apart from the sheet's command of that type in TypeScript). */
export type RequestReviewRevision = Command<
  'RequestRevision',
  ActingAs & { readonly reviewId: string; readonly level: SignOffLevel; readonly comments: readonly RevisionComment[] }
>;
/** By the review service, e.g. when the sheet was withdrawn before the review started. */
export type CancelReview = Command<'CancelReview', { readonly reviewId: string; readonly reason: string }>;

export type ReviewCommand =
  | OpenReview
  | AcknowledgeWarnings
  | DecideWaiver
  | ApproveLevel
  | GradeReview
  | RequestReviewRevision
  | CancelReview;

export type ReviewCommandType = ReviewCommand['type'];

// ---- events (current schema versions; see review.upcasters.ts) --------------------------

/** Every review event starts with these, so a consumer (intake, notifier, reporting) needs no other stream. */
export interface ReviewRef {
  readonly reviewId: string;
  readonly sheetId: string;
  readonly submissionNo: number;
  readonly round: number;
  readonly fiscalYear: number;
  readonly departmentId: string;
  readonly unitId: string;
  readonly projectName: string;
}

/** Who did it and when: the actor's id and the command's `now` (evolve never sees the envelope). */
export interface SignedAction {
  readonly by: string;
  readonly at: string;
  /** Present only when a delegate acted (schema v2 of the signed events): whom for, under which delegation. */
  readonly actingFor?: ActingFor;
}

export type ReviewOpened = DomainEvent<
  'ReviewOpened',
  ReviewRef & {
    readonly content: SheetContent;
    readonly createdBy: string;
    readonly lastEditedBy: string;
    readonly submittedBy: string;
    readonly submittedAt: string;
    readonly waiverRequests: readonly WaiverRequest[];
    readonly changesSincePrevious: SheetContentDiff | null;
    readonly chain: SignOffChain;
    readonly openedAt: string;
  }
>;
export type FindingsRecorded = DomainEvent<
  'FindingsRecorded',
  ReviewRef & { readonly ruleSetVersion: string; readonly findings: readonly Finding[] }
>;
/** A sign-off task for the reviewers of `role` in the review's unit (unit_head), department (department_reviewer) or finance. */
export type LevelTaskOpened = DomainEvent<
  'LevelTaskOpened',
  ReviewRef & {
    readonly level: SignOffLevel;
    readonly role: SignOffRole;
    readonly mayWaive: boolean;
    readonly openedAt: string;
    readonly dueAt: string;
    /** Present when the due time counts working days: the last working day (Beijing date) and how many. */
    readonly dueDate?: CalendarDate;
    readonly dueWorkingDays?: number;
    /** Present when working days were configured but the calendar has not published this year: `dueAt` is then `dueHours` from opening. */
    readonly unknownCalendarYear?: number;
  }
>;
/** Only the keys not yet acknowledged at this level. */
export type WarningsAcknowledged = DomainEvent<
  'WarningsAcknowledged',
  ReviewRef & SignedAction & { readonly level: SignOffLevel; readonly findingKeys: readonly string[] }
>;
export type WaiverDecided = DomainEvent<
  'WaiverDecided',
  ReviewRef &
    SignedAction & { readonly level: SignOffLevel; readonly findingKeys: readonly string[]; readonly granted: boolean; readonly reason: string }
>;
/** A level other than the last approved; the next level's task opens in the same append. */
export type LevelApproved = DomainEvent<
  'LevelApproved',
  ReviewRef & SignedAction & { readonly level: SignOffLevel; readonly comments: string | null }
>;
/**
 * Back to the unit. `level` null and `automatic` true: blocking findings without a waiver request,
 * decided by the service when the review opened. `grade` '中' when the last level graded it so.
 * Maps to the sheet's RequestRevision { reviewId, round, reasons }.
 */
export type ReviewRevisionRequested = DomainEvent<
  'ReviewRevisionRequested',
  ReviewRef &
    SignedAction & {
      readonly level: SignOffLevel | null;
      readonly automatic: boolean;
      readonly grade: RevisionGrade | null;
      readonly reasons: readonly ReviewRevisionReason[];
    }
>;
/** Final approval; maps to the sheet's ApproveSheet { reviewId, grade, conditions }. */
export type ReviewApproved = DomainEvent<
  'ReviewApproved',
  ReviewRef &
    SignedAction & {
      readonly level: SignOffLevel;
      readonly grade: ApprovalGrade;
      readonly conditions: string | null;
      readonly comments: string | null;
    }
>;
/** Rejected for the budget year; maps to the sheet's RejectSheet { reviewId, grade, reason }. */
export type ReviewRejected = DomainEvent<
  'ReviewRejected',
  ReviewRef & SignedAction & { readonly level: SignOffLevel; readonly grade: RejectionGrade; readonly reason: string }
>;
export type ReviewCancelled = DomainEvent<'ReviewCancelled', ReviewRef & SignedAction & { readonly reason: string }>;

export type ReviewEvent =
  | ReviewOpened
  | FindingsRecorded
  | LevelTaskOpened
  | WarningsAcknowledged
  | WaiverDecided
  | LevelApproved
  | ReviewRevisionRequested
  | ReviewApproved
  | ReviewRejected
  | ReviewCancelled;

export type ReviewEventType = ReviewEvent['type'];

// ---- state -----------------------------------------------------------------------------

export interface WaiverDecisionRecord extends SignedAction {
  readonly level: SignOffLevel;
  readonly granted: boolean;
  readonly reason: string;
}

/** Blocking findings only. Without a request the review went back to the unit automatically. */
export type FindingWaiver =
  | { readonly status: 'not_requested' }
  | { readonly status: 'requested'; readonly request: WaiverRequest }
  | { readonly status: 'granted' | 'refused'; readonly request: WaiverRequest; readonly decision: WaiverDecisionRecord };

export interface Acknowledgement extends SignedAction {
  readonly level: SignOffLevel;
}

export type ReviewFinding = Finding & {
  /** findingKey(finding): what waivers, acknowledgements and comments name. */
  readonly key: string;
  /** Null unless the finding is blocking (B). */
  readonly waiver: FindingWaiver | null;
  /** Warnings (W): the levels that acknowledged it, in order. */
  readonly acknowledgements: readonly Acknowledgement[];
};

export type LevelDecision =
  | (SignedAction & { readonly kind: 'approved'; readonly comments: string | null; readonly grade: ApprovalGrade | null; readonly conditions: string | null })
  | (SignedAction & { readonly kind: 'revision_requested'; readonly grade: RevisionGrade | null; readonly reasons: readonly ReviewRevisionReason[] })
  | (SignedAction & { readonly kind: 'rejected'; readonly grade: RejectionGrade; readonly reason: string });

/** One opened sign-off task and what happened at it. */
export interface LevelTask {
  readonly level: SignOffLevel;
  readonly role: SignOffRole;
  readonly mayWaive: boolean;
  readonly openedAt: string;
  readonly dueAt: string;
  readonly acknowledgements: readonly (SignedAction & { readonly findingKeys: readonly string[] })[];
  readonly waiverDecisions: readonly (SignedAction & { readonly findingKeys: readonly string[]; readonly granted: boolean; readonly reason: string })[];
  /** Null while the task is open, or when the review was cancelled during it. */
  readonly decision: LevelDecision | null;
}

/** What every existing review has, whatever its status. */
export interface ReviewRecord extends ReviewRef {
  readonly content: SheetContent;
  readonly createdBy: string;
  readonly lastEditedBy: string;
  readonly submittedBy: string;
  readonly submittedAt: string;
  readonly waiverRequests: readonly WaiverRequest[];
  readonly changesSincePrevious: SheetContentDiff | null;
  readonly chain: SignOffChain;
  readonly openedAt: string;
  /** Null until the findings are recorded (in the same append as the opening). */
  readonly ruleSetVersion: string | null;
  readonly findings: readonly ReviewFinding[];
  /** Opened tasks in order; the chain tells which are still to come. */
  readonly tasks: readonly LevelTask[];
  readonly currentLevel: SignOffLevel | null;
  /** Due time of the current task. */
  readonly dueAt: string | null;
}

type Closed = { readonly currentLevel: null; readonly dueAt: null };

export type ReviewState =
  | { readonly status: 'none' }
  /** Between two tasks: only ever seen inside one append (opening, or a level approval). */
  | (ReviewRecord & Closed & { readonly status: 'open' })
  | (ReviewRecord & { readonly status: 'awaiting_level'; readonly currentLevel: SignOffLevel; readonly dueAt: string })
  | (ReviewRecord &
      Closed & {
        readonly status: 'revision_requested';
        readonly outcome: SignedAction & {
          readonly level: SignOffLevel | null;
          readonly automatic: boolean;
          readonly grade: RevisionGrade | null;
          readonly reasons: readonly ReviewRevisionReason[];
        };
      })
  | (ReviewRecord &
      Closed & {
        readonly status: 'approved';
        readonly outcome: SignedAction & {
          readonly level: SignOffLevel;
          readonly grade: ApprovalGrade;
          readonly conditions: string | null;
          readonly comments: string | null;
        };
      })
  | (ReviewRecord &
      Closed & {
        readonly status: 'rejected';
        readonly outcome: SignedAction & { readonly level: SignOffLevel; readonly grade: RejectionGrade; readonly reason: string };
      })
  | (ReviewRecord & Closed & { readonly status: 'cancelled'; readonly outcome: SignedAction & { readonly reason: string } });

export type ReviewStatus = ReviewState['status'];
export type ExistingReview = Exclude<ReviewState, { status: 'none' }>;
export type AwaitingReview = Extract<ReviewState, { status: 'awaiting_level' }>;
