import { DomainError, type ExistingSheet, type Funding, formatWanYuan, fundingTotal, type SheetState } from '@budget/domain';

export interface FundingView {
  readonly fiscalAppropriation: string;
  readonly specialAccountAppropriation: string;
  readonly otherFunds: string;
  readonly total: string;
}

export function fundingView(f: Funding): FundingView {
  return {
    fiscalAppropriation: formatWanYuan(f.fiscalAppropriation),
    specialAccountAppropriation: formatWanYuan(f.specialAccountAppropriation),
    otherFunds: formatWanYuan(f.otherFunds),
    total: formatWanYuan(fundingTotal(f)),
  };
}

/** What the API shows of a sheet: amounts in 万元 as exact decimal text, and in 分 beside them; where it was carried from; when it last changed. */
export function sheetView(state: ExistingSheet, version: number, updatedAt: string) {
  const { content } = state;
  const review =
    state.status === 'under_review'
      ? { reviewId: state.reviewId }
      : state.status === 'revision_requested'
        ? { reviewId: state.reviewId, round: state.round, reasons: state.reasons, comments: state.comments }
        : state.status === 'approved'
          ? { reviewId: state.reviewId, grade: state.grade, conditions: state.conditions }
          : state.status === 'rejected'
            ? { reviewId: state.reviewId, grade: state.grade, reason: state.reason }
            : null;
  return {
    sheetId: content.sheetId,
    version,
    status: state.status,
    fiscalYear: content.fiscalYear,
    departmentId: content.departmentId,
    unitId: content.unitId,
    projectName: content.projectName,
    funding: fundingView(content.funding),
    fundingFen: { ...content.funding, total: fundingTotal(content.funding) },
    goal: content.goal,
    indicators: content.indicators,
    createdBy: state.createdBy,
    lastEditedBy: state.lastEditedBy,
    submissionNo: state.submissionNo,
    waiverRequests: state.status === 'submitted' || state.status === 'under_review' ? state.waiverRequests : [],
    review,
    source: state.source,
    // Only a draft carried forward (持续性项目) has one; every other view keeps its shape.
    ...(state.origin && { origin: { ...state.origin } }),
    updatedAt,
  };
}
export type SheetView = ReturnType<typeof sheetView>;

/** A sheet as its read-model row holds it; the row's updated_at is when it last changed (rows written before views carried it too). */
export function storedSheetView(row: { readonly state: unknown; readonly updatedAt: Date }): SheetView {
  return { ...(row.state as SheetView), updatedAt: row.updatedAt.toISOString() };
}

/** The answer of a write: the sheet as the write left it, changed at `at`. */
export function writtenSheetView(written: { readonly state: SheetState; readonly version: number }, at: string): SheetView {
  if (written.state.status === 'empty') throw new DomainError('NOT_FOUND', '绩效目标表不存在');
  return sheetView(written.state, written.version, at);
}
