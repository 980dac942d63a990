import { formatWanYuan, type Funding, fundingTotal, type ReportTable, type SheetProgress, type StreamHead } from '@budget/domain';

/** Amounts as the API shows them everywhere: 万元 text (exact) beside the integer 分. */
export function amounts(f: Funding): { fiscalAppropriation: string; specialAccountAppropriation: string; otherFunds: string; total: string } {
  return {
    fiscalAppropriation: formatWanYuan(f.fiscalAppropriation),
    specialAccountAppropriation: formatWanYuan(f.specialAccountAppropriation),
    otherFunds: formatWanYuan(f.otherFunds),
    total: formatWanYuan(fundingTotal(f)),
  };
}

export function amountsFen(f: Funding): { fiscalAppropriation: number; specialAccountAppropriation: number; otherFunds: number; total: number } {
  return { ...f, total: fundingTotal(f) };
}

export function tableView(table: ReportTable) {
  return {
    title: table.title,
    departmentId: table.departmentId,
    departmentName: table.departmentName,
    fiscalYear: table.fiscalYear,
    displayUnit: table.displayUnit,
    grandTotal: { funding: amounts(table.grandTotal.funding), fundingFen: amountsFen(table.grandTotal.funding) },
    units: table.units.map((u) => ({
      unitId: u.unitId,
      name: u.name,
      listed: u.listed,
      funding: amounts(u.funding),
      fundingFen: amountsFen(u.funding),
      projects: u.projects.map((p) => ({
        sheetId: p.sheetId,
        name: p.name,
        funding: amounts(p.funding),
        fundingFen: amountsFen(p.funding),
        goal: p.goal,
        indicators: p.indicators,
        approval: { reviewId: p.approval.reviewId, grade: p.approval.grade, conditions: p.approval.conditions, at: p.approval.at },
        created: p.created,
      })),
    })),
  };
}

export function headView(h: StreamHead) {
  return { streamId: h.streamId, streamVersion: h.streamVersion, eventId: h.eventId, hash: h.hash, position: h.globalPosition };
}

export function progressView(p: SheetProgress) {
  return { ...p, totalText: formatWanYuan(p.total) };
}
