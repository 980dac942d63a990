import { type ActingFor } from '../delegation/delegation.types';
import { type Fen, type Funding } from '../money';
import { type RegisteredDepartment } from '../organisation/organisation.types';
import { type PublishedIndicator } from '../published-table/model';
import { type ReviewEventType, type SignOffLevel, type SignOffRole } from '../review/review.types';
import { type ApprovalGrade, type ExistingSheet, type SheetStatus } from '../sheet/sheet.types';

/** Where in the log an event sits; positions are decimal strings (PostgreSQL bigint). */
export interface EventRef {
  readonly eventId: string;
  readonly globalPosition: string;
  readonly recordedAt: string;
}

/** The last event of a stream the model has applied: what an export can carry to be checked later. */
export interface StreamHead {
  readonly streamId: string;
  readonly streamVersion: number;
  readonly eventId: string;
  /** The hash chain's head; null if the envelope carried none. */
  readonly hash: string | null;
  readonly globalPosition: string;
}

/** The limit of an as-of query: events at or before a position, or recorded at or before an instant. */
export type AsOfLimit = { readonly globalPosition: string } | { readonly recordedAt: string };

/** Where a sheet's review stands: the latest review event naming a level of the sign-off chain (see reviewActivity). */
export interface ReviewActivity {
  readonly sheetId: string;
  readonly reviewId: string;
  readonly level: SignOffLevel;
  /** The level's name, as the review service shows it (SIGN_OFF_LEVEL_NAMES). */
  readonly levelLabel: string;
  readonly role: SignOffRole;
  readonly eventType: ReviewEventType;
  readonly at: EventRef;
  /** 代理审批: when a delegate took this step, for whom (the event's actingFor); null otherwise. */
  readonly actingFor: ActingFor | null;
  /** When the level's task is due (its LevelTaskOpened's dueAt, in working days where the chain says so); null if unknown. */
  readonly dueAt: string | null;
}

export interface Approval {
  readonly at: EventRef;
  readonly reviewId: string;
  readonly grade: ApprovalGrade;
  readonly conditions: string | null;
}

/** One sheet as the report knows it: its folded state (evolveSheet) plus where its events sit in the log. */
export interface ReportSheet {
  readonly sheetId: string;
  readonly streamId: string;
  readonly state: ExistingSheet;
  /** DraftCreated: its position orders the projects of a unit. */
  readonly created: EventRef;
  readonly lastChange: EventRef;
  /** Set while the sheet is approved; the approved content is then `state.content`. */
  readonly approval: Approval | null;
  /** The review the sheet last saw on its own stream (kept across a resubmission, unlike the state's). */
  readonly lastReviewId: string | null;
  /** Reopened after an approval and not resubmitted since. */
  readonly reopened: boolean;
}

/**
 * The report's read models as the queries see them, assembled from their rows (projectEvents in
 * memory, the reporting service's tables in PostgreSQL). Read-only.
 */
export interface ReportModel {
  /** Highest global position applied, and the recordedAt of that event. */
  readonly position: string | null;
  readonly recordedAt: string | null;
  readonly firstRecordedAt: string | null;
  readonly eventsApplied: number;
  readonly streams: ReadonlyMap<string, StreamHead>;
  readonly departments: ReadonlyMap<string, RegisteredDepartment>;
  readonly sheets: ReadonlyMap<string, ReportSheet>;
  /** By sheetId; kept even for sheets not seen yet, as the review topic may run ahead of the targets topic. */
  readonly reviewActivity: ReadonlyMap<string, ReviewActivity>;
}

export type ApplyOutcome =
  | { readonly outcome: 'applied'; readonly kind: 'sheet' | 'department' | 'review' }
  | { readonly outcome: 'duplicate' }
  | { readonly outcome: 'ignored'; readonly reason: string };

// ---- the consolidated table ---------------------------------------------------------------

export interface ReportProject {
  readonly sheetId: string;
  readonly unitId: string;
  readonly name: string;
  readonly funding: Funding;
  readonly total: Fen;
  readonly goal: string;
  readonly indicators: readonly PublishedIndicator[];
  readonly created: EventRef;
  readonly approval: Approval;
}

export interface ReportUnit {
  readonly unitId: string;
  readonly name: string;
  /** False when the unit is missing from the department's unit list (its name is then its id). */
  readonly listed: boolean;
  readonly funding: Funding;
  readonly total: Fen;
  readonly projects: readonly ReportProject[];
}

/** The consolidated table of one department and fiscal year, with the ids a PublishedTable lacks. */
export interface ReportTable {
  readonly title: string;
  readonly departmentId: string;
  readonly departmentName: string;
  readonly fiscalYear: number;
  readonly displayUnit: string;
  readonly asOf: { readonly globalPosition: string | null; readonly recordedAt: string | null };
  readonly grandTotal: { readonly funding: Funding; readonly total: Fen };
  readonly units: readonly ReportUnit[];
}

// ---- progress ------------------------------------------------------------------------------

export type WaitingAt =
  | { readonly stage: 'unit'; readonly reason: 'draft' | 'reopened' | 'revision_requested'; readonly round: number | null; readonly label: string }
  | { readonly stage: 'review_queue'; readonly label: string }
  | {
      readonly stage: 'review';
      readonly reviewId: string | null;
      readonly level: SignOffLevel | null;
      readonly levelLabel: string | null;
      /** The review event the level was read from, if any. */
      readonly levelEvent: ReviewEventType | null;
      /** When the level's task is due, and whether it is past that at the moment asked (已逾期, as the deadline sweep escalates). */
      readonly dueAt: string | null;
      readonly overdue: boolean;
      readonly label: string;
    }
  | { readonly stage: 'done'; readonly outcome: 'approved' | 'rejected'; readonly label: string };

export interface SheetProgress {
  readonly sheetId: string;
  readonly departmentId: string;
  readonly departmentName: string | null;
  readonly fiscalYear: number;
  readonly unitId: string;
  readonly unitName: string | null;
  readonly projectName: string;
  readonly total: Fen;
  readonly status: SheetStatus;
  readonly submissionNo: number;
  readonly waitingAt: WaitingAt;
  readonly created: EventRef;
  readonly lastChange: EventRef;
}
