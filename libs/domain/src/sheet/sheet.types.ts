import { type Command } from '../core/decider';
import { type DomainEvent } from '../events/envelope';
import { type Fen, type Funding } from '../money';
import { type TargetValue } from '../target-value';

// ---- content ---------------------------------------------------------------------------

export interface SheetIndicator {
  readonly indicatorId: string;
  /** Labels as entered, e.g. `1-产出指标`, `11-数量指标`; the review rules check them against the framework. */
  readonly level1: string;
  readonly level2: string;
  readonly name: string;
  readonly periodTarget: TargetValue;
  readonly annualTarget: TargetValue;
}

export const INDICATOR_FIELDS = ['level1', 'level2', 'name', 'periodTarget', 'annualTarget'] as const;
export type IndicatorField = (typeof INDICATOR_FIELDS)[number];

export const FUNDING_FIELDS = ['fiscalAppropriation', 'specialAccountAppropriation', 'otherFunds'] as const;
export type FundingField = (typeof FUNDING_FIELDS)[number];

/** Everything the published table shows about one project; the total is derived with fundingTotal(). */
export interface SheetContent {
  readonly sheetId: string;
  readonly fiscalYear: number;
  readonly departmentId: string;
  readonly unitId: string;
  readonly projectName: string;
  readonly funding: Funding;
  readonly goal: string;
  readonly indicators: readonly SheetIndicator[];
}

export interface ImportSource {
  readonly kind: 'import';
  readonly importId: string;
  /** 1-based line of the imported file, so a finding can point back at it. */
  readonly line: number;
  /**
   * The 总计 as written in the imported table (分). The system derives 总计 from its parts; A01
   * compares the two at submission while the funding is still as imported (changing it drops
   * this). Absent in drafts imported before it was carried.
   */
  readonly writtenTotal?: Fen;
}

export interface WaiverRequest {
  readonly ruleId: string;
  readonly field?: string;
  readonly reason: string;
}

export interface RevisionReason {
  readonly field?: string;
  readonly ruleId?: string;
  readonly message: string;
}

export type ApprovalGrade = '优' | '良';
export type RejectionGrade = '差';

/** What changed between two submissions, for the reviewer of a resubmission. Targets compare by text. */
export interface SheetContentDiff {
  readonly fields: readonly ('projectName' | 'goal' | `funding.${FundingField}`)[];
  readonly indicatorsAdded: readonly string[];
  readonly indicatorsRemoved: readonly string[];
  readonly indicatorsChanged: readonly { readonly indicatorId: string; readonly fields: readonly IndicatorField[] }[];
  /** The indicators present in both kept their relative order. */
  readonly indicatorsReordered: boolean;
}

// ---- commands --------------------------------------------------------------------------

/** Targets arrive as text; the decider parses them, so the parse is recorded with the event. */
export interface IndicatorInput {
  readonly indicatorId: string;
  readonly level1: string;
  readonly level2: string;
  readonly name: string;
  readonly periodTarget: string;
  readonly annualTarget: string;
}

export type IndicatorChanges = Partial<Omit<IndicatorInput, 'indicatorId'>>;

export type CreateDraft = Command<
  'CreateDraft',
  {
    readonly sheetId: string;
    readonly fiscalYear: number;
    readonly departmentId: string;
    readonly unitId: string;
    readonly projectName: string;
    readonly funding: Funding;
    readonly goal?: string;
    readonly indicators?: readonly IndicatorInput[];
    readonly source?: ImportSource;
  }
>;
export type RenameProject = Command<'RenameProject', { readonly sheetId: string; readonly projectName: string }>;
export type ChangeFunding = Command<'ChangeFunding', { readonly sheetId: string; readonly funding: Funding }>;
export type ChangeGoal = Command<'ChangeGoal', { readonly sheetId: string; readonly goal: string }>;
/** `position` is the 0-based index the new indicator takes; omitted, it goes last. */
export type AddIndicator = Command<'AddIndicator', IndicatorInput & { readonly sheetId: string; readonly position?: number }>;
export type ChangeIndicator = Command<
  'ChangeIndicator',
  { readonly sheetId: string; readonly indicatorId: string; readonly changes: IndicatorChanges }
>;
export type RemoveIndicator = Command<'RemoveIndicator', { readonly sheetId: string; readonly indicatorId: string }>;
export type ReorderIndicators = Command<'ReorderIndicators', { readonly sheetId: string; readonly indicatorIds: readonly string[] }>;
export type SubmitSheet = Command<'SubmitSheet', { readonly sheetId: string; readonly waiverRequests?: readonly WaiverRequest[] }>;
export type WithdrawSubmission = Command<'WithdrawSubmission', { readonly sheetId: string; readonly reason?: string }>;
/** `submissionNo` is the submission the review was opened for: a review of a withdrawn submission must not attach to the next one. */
export type StartReview = Command<'StartReview', { readonly sheetId: string; readonly reviewId: string; readonly submissionNo: number }>;
export type RequestRevision = Command<
  'RequestRevision',
  {
    readonly sheetId: string;
    readonly reviewId: string;
    readonly round: number;
    readonly reasons: readonly RevisionReason[];
    readonly comments?: string;
  }
>;
export type ApproveSheet = Command<
  'ApproveSheet',
  { readonly sheetId: string; readonly reviewId: string; readonly grade: ApprovalGrade; readonly conditions?: string }
>;
export type RejectSheet = Command<
  'RejectSheet',
  { readonly sheetId: string; readonly reviewId: string; readonly grade: RejectionGrade | null; readonly reason: string }
>;
/** `publishedVersion`: reopened after publication (公开), of that published version; the reopening then names it. */
export type ReopenSheet = Command<'ReopenSheet', { readonly sheetId: string; readonly reason: string; readonly publishedVersion?: number }>;

/** The publication a sheet was reopened from: reporting records PublishedSheetReopened from it, whatever happened to the caller. */
export interface ReopenedPublication {
  readonly departmentId: string;
  readonly fiscalYear: number;
  readonly publishedVersion: number;
}
/**
 * 持续性项目: next year's draft of a continuing project, on a new stream, from this year's approved
 * sheet. `origin` is the origin's folded state, loaded by the caller from its own stream; the
 * content is copied, the link to the origin is recorded, and the clerk edits the draft as any other.
 */
export type CarryForwardSheet = Command<'CarryForwardSheet', { readonly sheetId: string; readonly origin: SheetState }>;

/** Where a carried-forward draft came from: the origin sheet and the approved version of it that was copied. */
export interface SheetOrigin {
  readonly sheetId: string;
  readonly fiscalYear: number;
  readonly submissionNo: number;
  readonly reviewId: string;
}

export type SheetCommand =
  | CreateDraft
  | RenameProject
  | ChangeFunding
  | ChangeGoal
  | AddIndicator
  | ChangeIndicator
  | RemoveIndicator
  | ReorderIndicators
  | SubmitSheet
  | WithdrawSubmission
  | StartReview
  | RequestRevision
  | ApproveSheet
  | RejectSheet
  | ReopenSheet
  | CarryForwardSheet;

export type SheetCommandType = SheetCommand['type'];

// ---- events (current schema versions; see sheet.upcasters.ts) ---------------------------

type IndicatorValues = Omit<SheetIndicator, 'indicatorId'>;

/**
 * Actor ids in event data (createdBy, editedBy, submittedBy) feed the four-eyes rule without the envelope.
 * `origin` is present only on a draft carried forward from last year's approved sheet; like
 * ImportSource.writtenTotal it is an optional key of v2, absent from every other DraftCreated.
 */
export type DraftCreated = DomainEvent<
  'DraftCreated',
  SheetContent & { readonly source: ImportSource | null; readonly createdBy: string; readonly origin?: SheetOrigin }
>;
export type DraftProjectRenamed = DomainEvent<
  'DraftProjectRenamed',
  { readonly sheetId: string; readonly before: string; readonly after: string; readonly editedBy: string }
>;
export type DraftFundingChanged = DomainEvent<
  'DraftFundingChanged',
  { readonly sheetId: string; readonly before: Funding; readonly after: Funding; readonly editedBy: string }
>;
export type DraftGoalChanged = DomainEvent<
  'DraftGoalChanged',
  { readonly sheetId: string; readonly before: string; readonly after: string; readonly editedBy: string }
>;
export type DraftIndicatorAdded = DomainEvent<
  'DraftIndicatorAdded',
  { readonly sheetId: string; readonly indicator: SheetIndicator; readonly position: number; readonly editedBy: string }
>;
/** `before` and `after` hold only the fields that changed. */
export type DraftIndicatorChanged = DomainEvent<
  'DraftIndicatorChanged',
  {
    readonly sheetId: string;
    readonly indicatorId: string;
    readonly before: Partial<IndicatorValues>;
    readonly after: Partial<IndicatorValues>;
    readonly editedBy: string;
  }
>;
export type DraftIndicatorRemoved = DomainEvent<
  'DraftIndicatorRemoved',
  { readonly sheetId: string; readonly indicator: SheetIndicator; readonly position: number; readonly editedBy: string }
>;
export type DraftIndicatorsReordered = DomainEvent<
  'DraftIndicatorsReordered',
  { readonly sheetId: string; readonly before: readonly string[]; readonly after: readonly string[]; readonly editedBy: string }
>;
export type SheetSubmitted = DomainEvent<
  'SheetSubmitted',
  {
    readonly sheetId: string;
    readonly submissionNo: number;
    readonly content: SheetContent;
    readonly createdBy: string;
    readonly lastEditedBy: string;
    readonly submittedBy: string;
    readonly submittedAt: string;
    readonly waiverRequests: readonly WaiverRequest[];
    /** Null on the first submission. */
    readonly changesSincePrevious: SheetContentDiff | null;
    /** The imported 总计 as written, while the funding is as imported: the review's A01 compares it. */
    readonly writtenTotal?: Fen;
  }
>;
export type SheetWithdrawn = DomainEvent<
  'SheetWithdrawn',
  { readonly sheetId: string; readonly submissionNo: number; readonly reason: string | null }
>;
export type SheetReviewStarted = DomainEvent<
  'SheetReviewStarted',
  { readonly sheetId: string; readonly submissionNo: number; readonly reviewId: string }
>;
export type SheetRevisionRequested = DomainEvent<
  'SheetRevisionRequested',
  {
    readonly sheetId: string;
    readonly submissionNo: number;
    readonly reviewId: string;
    readonly round: number;
    readonly reasons: readonly RevisionReason[];
    readonly comments: string | null;
  }
>;
export type SheetApproved = DomainEvent<
  'SheetApproved',
  {
    readonly sheetId: string;
    readonly submissionNo: number;
    readonly reviewId: string;
    readonly grade: ApprovalGrade;
    readonly conditions: string | null;
  }
>;
export type SheetRejected = DomainEvent<
  'SheetRejected',
  {
    readonly sheetId: string;
    readonly submissionNo: number;
    readonly reviewId: string;
    readonly grade: RejectionGrade | null;
    readonly reason: string;
  }
>;
export type SheetReopened = DomainEvent<
  'SheetReopened',
  {
    readonly sheetId: string;
    readonly submissionNo: number;
    readonly reviewId: string;
    readonly reason: string;
    /** Set when reopened after publication (absent on earlier events and on other reopenings). */
    readonly publication?: ReopenedPublication;
  }
>;

export type SheetEvent =
  | DraftCreated
  | DraftProjectRenamed
  | DraftFundingChanged
  | DraftGoalChanged
  | DraftIndicatorAdded
  | DraftIndicatorChanged
  | DraftIndicatorRemoved
  | DraftIndicatorsReordered
  | SheetSubmitted
  | SheetWithdrawn
  | SheetReviewStarted
  | SheetRevisionRequested
  | SheetApproved
  | SheetRejected
  | SheetReopened;

export type SheetEventType = SheetEvent['type'];

// ---- state -----------------------------------------------------------------------------

/** What every existing sheet has, whatever its status. */
export interface SheetRecord {
  readonly content: SheetContent;
  readonly source: ImportSource | null;
  readonly createdBy: string;
  readonly lastEditedBy: string;
  /** Number of the latest submission; 0 before the first. */
  readonly submissionNo: number;
  readonly lastSubmitted: SheetContent | null;
  /** Set on a draft carried forward from an earlier year (持续性项目). */
  readonly origin?: SheetOrigin;
}

export type SheetState =
  | { readonly status: 'empty' }
  | (SheetRecord & { readonly status: 'draft' })
  | (SheetRecord & { readonly status: 'submitted'; readonly waiverRequests: readonly WaiverRequest[] })
  | (SheetRecord & {
      readonly status: 'under_review';
      readonly reviewId: string;
      readonly waiverRequests: readonly WaiverRequest[];
    })
  | (SheetRecord & {
      readonly status: 'revision_requested';
      readonly reviewId: string;
      readonly round: number;
      readonly reasons: readonly RevisionReason[];
      readonly comments: string | null;
    })
  | (SheetRecord & {
      readonly status: 'approved';
      readonly reviewId: string;
      readonly grade: ApprovalGrade;
      readonly conditions: string | null;
    })
  | (SheetRecord & {
      readonly status: 'rejected';
      readonly reviewId: string;
      readonly grade: RejectionGrade | null;
      readonly reason: string;
    });

export type SheetStatus = SheetState['status'];
export type ExistingSheet = Exclude<SheetState, { status: 'empty' }>;
export type EditableSheet = Extract<SheetState, { status: 'draft' | 'revision_requested' }>;
