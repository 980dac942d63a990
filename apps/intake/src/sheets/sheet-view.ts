import { type ExistingSheet, type Funding, formatWanYuan, fundingTotal, sheetStreamId } from '@budget/domain';
import type { EventStoreTransaction } from '@budget/event-store';

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

/** What the API shows of a sheet: amounts in 万元 as exact decimal text, and in 分 beside them; when it last changed. */
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
    updatedAt,
  };
}
export type SheetView = ReturnType<typeof sheetView>;

/** A sheet as its read-model row holds it; the row's updated_at is when it last changed (rows written before views carried it too). */
export function storedSheetView(row: { readonly state: unknown; readonly updatedAt: Date }): SheetView {
  return { ...(row.state as SheetView), updatedAt: row.updatedAt.toISOString() };
}

/** The sheets read model, written in the transaction of the append that changed the sheet. */
export async function projectSheet(client: EventStoreTransaction, state: ExistingSheet, version: number, at: string): Promise<void> {
  const view = sheetView(state, version, at);
  await client.query(
    `INSERT INTO sheets (sheet_id, stream_id, version, department_id, unit_id, fiscal_year, project_name, status, total_fen, state, created_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)
     ON CONFLICT (sheet_id) DO UPDATE SET version = EXCLUDED.version, project_name = EXCLUDED.project_name, status = EXCLUDED.status,
       total_fen = EXCLUDED.total_fen, state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
    [view.sheetId, sheetStreamId(view.sheetId), version, view.departmentId, view.unitId, view.fiscalYear, view.projectName, view.status, view.fundingFen.total, JSON.stringify(view), at],
  );
}
