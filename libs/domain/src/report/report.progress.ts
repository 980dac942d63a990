import { assertNever } from '../errors';
import { fundingTotal } from '../money';
import { TASK_DEADLINE_STATUS_LABELS } from '../deadlines/deadlines.labels';
import { SHEET_STATUS_LABELS } from '../sheet/sheet.labels';
import { byCreation, unitOrderOfYear } from './report.table';
import { type ReportModel, type ReportSheet, type ReviewActivity, type SheetProgress, type WaitingAt } from './report.types';

export interface ProgressFilter {
  readonly departmentId?: string;
  readonly fiscalYear?: number;
  readonly unitId?: string;
}

/**
 * Every sheet with its status and where it waits, ordered by department id, fiscal year, the
 * department's unit order, then creation. Status comes from the sheet's own stream; the review
 * level from its review activity (see reviewActivity), shown only when it belongs to
 * the review in progress: same reviewId, or, for a submission whose SheetReviewStarted has not
 * arrived yet, a reviewId the sheet has not seen before. `now` is the moment a level's 已逾期 is
 * judged at: the caller's clock, never read here.
 */
export function progressFor(model: ReportModel, filter: ProgressFilter, now: string): SheetProgress[] {
  const rows: { readonly sheet: ReportSheet; readonly unitOrder: number }[] = [];
  const unitOrder = progressUnitOrder(model);
  for (const sheet of model.sheets.values()) {
    const c = sheet.state.content;
    if (filter.departmentId !== undefined && c.departmentId !== filter.departmentId) continue;
    if (filter.fiscalYear !== undefined && c.fiscalYear !== filter.fiscalYear) continue;
    if (filter.unitId !== undefined && c.unitId !== filter.unitId) continue;
    rows.push({ sheet, unitOrder: unitOrder(c.departmentId, c.fiscalYear, c.unitId) });
  }
  rows.sort((a, b) => {
    const ca = a.sheet.state.content;
    const cb = b.sheet.state.content;
    if (ca.departmentId !== cb.departmentId) return ca.departmentId < cb.departmentId ? -1 : 1;
    if (ca.fiscalYear !== cb.fiscalYear) return ca.fiscalYear - cb.fiscalYear;
    if (a.unitOrder !== b.unitOrder) return a.unitOrder - b.unitOrder;
    return byCreation(a.sheet, b.sheet);
  });
  return rows.map(({ sheet }) => sheetProgress(model, sheet, now));
}

/**
 * Where a unit's sheets go in the progress list: the unit's place in that fiscal year's table
 * (each year keeps the order of its own published table), units the department does not list last.
 */
export function progressUnitOrder(model: ReportModel): (departmentId: string, fiscalYear: number, unitId: string) => number {
  const years = new Map<string, ReadonlyMap<string, number>>();
  return (departmentId, fiscalYear, unitId) => {
    const key = `${departmentId}\u0000${fiscalYear}`;
    let order = years.get(key);
    if (!order) {
      order = unitOrderOfYear(model, departmentId, fiscalYear);
      years.set(key, order);
    }
    return order.get(unitId) ?? Number.MAX_SAFE_INTEGER;
  };
}

export function sheetProgress(model: ReportModel, sheet: ReportSheet, now: string): SheetProgress {
  const { state } = sheet;
  const c = state.content;
  const department = model.departments.get(c.departmentId);
  return {
    sheetId: sheet.sheetId,
    departmentId: c.departmentId,
    departmentName: department?.name ?? null,
    fiscalYear: c.fiscalYear,
    unitId: c.unitId,
    unitName: department?.units.find((u) => u.unitId === c.unitId)?.name ?? null,
    projectName: c.projectName,
    total: fundingTotal(c.funding),
    status: state.status,
    submissionNo: state.submissionNo,
    waitingAt: waitingAt(model, sheet, now),
    created: sheet.created,
    lastChange: sheet.lastChange,
  };
}

function waitingAt(model: ReportModel, sheet: ReportSheet, now: string): WaitingAt {
  const { state } = sheet;
  const activity = model.reviewActivity.get(sheet.sheetId) ?? null;
  switch (state.status) {
    case 'draft':
      return sheet.reopened
        ? { stage: 'unit', reason: 'reopened', round: null, label: '已重新开放，待单位修改后重新提交' }
        : { stage: 'unit', reason: 'draft', round: null, label: '草稿，单位填报中' };
    case 'revision_requested':
      return { stage: 'unit', reason: 'revision_requested', round: state.round, label: `退回修改（第${state.round}轮），待单位修改` };
    case 'submitted': {
      const opened = activity !== null && activity.reviewId !== sheet.lastReviewId ? activity : null;
      if (!opened) return { stage: 'review_queue', label: '已提交，待开始审核' };
      const due = dueOf(opened, now);
      return {
        stage: 'review',
        reviewId: opened.reviewId,
        level: opened.level,
        levelLabel: opened.levelLabel,
        levelEvent: opened.eventType,
        ...due,
        label: `${SHEET_STATUS_LABELS.under_review}：${opened.levelLabel}${overdueMark(due.overdue)}`,
      };
    }
    case 'under_review': {
      const current = activity !== null && activity.reviewId === state.reviewId ? activity : null;
      const due = current ? dueOf(current, now) : { dueAt: null, overdue: false };
      return {
        stage: 'review',
        reviewId: state.reviewId,
        level: current?.level ?? null,
        levelLabel: current?.levelLabel ?? null,
        levelEvent: current?.eventType ?? null,
        ...due,
        label: current ? `${SHEET_STATUS_LABELS.under_review}：${current.levelLabel}${overdueMark(due.overdue)}` : SHEET_STATUS_LABELS.under_review,
      };
    }
    case 'approved':
      return { stage: 'done', outcome: 'approved', label: SHEET_STATUS_LABELS.approved };
    case 'rejected':
      return { stage: 'done', outcome: 'rejected', label: SHEET_STATUS_LABELS.rejected };
    default:
      return assertNever(state, 'sheet status');
  }
}

/**
 * The level's due time and whether it has passed: a level still open (its task opened, or a step
 * within it) past its due time is 已逾期, as the review service's deadline sweep escalates it. A
 * level already approved or decided is not waiting any more.
 */
function dueOf(activity: ReviewActivity, now: string): { readonly dueAt: string | null; readonly overdue: boolean } {
  const dueAt = activity.dueAt ?? null;
  const open = activity.eventType === 'LevelTaskOpened' || activity.eventType === 'WarningsAcknowledged' || activity.eventType === 'WaiverDecided';
  return { dueAt, overdue: open && dueAt !== null && Date.parse(now) >= Date.parse(dueAt) };
}

function overdueMark(overdue: boolean): string {
  return overdue ? `（${TASK_DEADLINE_STATUS_LABELS.overdue}）` : '';
}
