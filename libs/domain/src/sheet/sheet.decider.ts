import { assertNever, DomainError } from '../errors';
import { CARRY_FORWARD_LABELS, SHEET_STATUS_LABELS } from './sheet.labels';
import { fundingEquals, type Funding } from '../money';
import { targetValue } from '../target-value';
import { isPresent, throwIfInvalid } from './field-checks';
import { diffSheetContent, indicatorFieldEquals } from './sheet.diff';
import { authorize } from '../core/policy';
import {
  mayCreateDraft,
  mayDecideReview,
  mayEditSheet,
  mayReopenSheet,
  maySubmitSheet,
  mayWithdrawSubmission,
} from './sheet.policy';
import {
  INDICATOR_FIELDS,
  type AddIndicator,
  type ApproveSheet,
  type ChangeFunding,
  type ChangeGoal,
  type ChangeIndicator,
  type CreateDraft,
  type DraftIndicatorChanged,
  type EditableSheet,
  type ExistingSheet,
  type IndicatorInput,
  type RejectSheet,
  type RemoveIndicator,
  type RenameProject,
  type ReopenSheet,
  type CarryForwardSheet,
  type ReorderIndicators,
  type RequestRevision,
  type SheetCommand,
  type SheetContent,
  type SheetEvent,
  type SheetIndicator,
  type SheetRecord,
  type SheetState,
  type StartReview,
  type SubmitSheet,
  type WithdrawSubmission,
} from './sheet.types';
import { validateSheetCommand } from './sheet.validation';

export function sheetStreamId(sheetId: string): string {
  return `sheet-${sheetId}`;
}

export function initialSheetState(): SheetState {
  return { status: 'empty' };
}

// ---- decide ----------------------------------------------------------------------------

export function decideSheet(command: SheetCommand, state: SheetState): SheetEvent[] {
  switch (command.type) {
    case 'CreateDraft':
      return createDraft(command, state);
    case 'RenameProject':
      return renameProject(command, state);
    case 'ChangeFunding':
      return changeFunding(command, state);
    case 'ChangeGoal':
      return changeGoal(command, state);
    case 'AddIndicator':
      return addIndicator(command, state);
    case 'ChangeIndicator':
      return changeIndicator(command, state);
    case 'RemoveIndicator':
      return removeIndicator(command, state);
    case 'ReorderIndicators':
      return reorderIndicators(command, state);
    case 'SubmitSheet':
      return submitSheet(command, state);
    case 'WithdrawSubmission':
      return withdrawSubmission(command, state);
    case 'StartReview':
      return startReview(command, state);
    case 'RequestRevision':
      return requestRevision(command, state);
    case 'ApproveSheet':
      return approveSheet(command, state);
    case 'RejectSheet':
      return rejectSheet(command, state);
    case 'ReopenSheet':
      return reopenSheet(command, state);
    case 'CarryForwardSheet':
      return carryForward(command, state);
    default:
      return assertNever(command, 'sheet command');
  }
}

function createDraft(command: CreateDraft, state: SheetState): SheetEvent[] {
  if (state.status !== 'empty') throw new DomainError('ALREADY_EXISTS', '该项目的绩效目标表已存在');
  const { data, metadata } = command;
  authorize(mayCreateDraft(metadata.actor, data));
  validate(command, state);
  return [
    {
      type: 'DraftCreated',
      data: {
        sheetId: data.sheetId,
        fiscalYear: data.fiscalYear,
        departmentId: data.departmentId,
        unitId: data.unitId,
        projectName: data.projectName,
        funding: copyFunding(data.funding),
        goal: data.goal ?? '',
        indicators: (data.indicators ?? []).map(toIndicator),
        source: data.source
          ? {
              kind: 'import',
              importId: data.source.importId,
              line: data.source.line,
              ...(data.source.writtenTotal !== undefined && { writtenTotal: data.source.writtenTotal }),
            }
          : null,
        createdBy: metadata.actor.id,
      },
    },
  ];
}

/** 持续性项目: the approved content, copied into a draft of the next fiscal year, with its origin. */
function carryForward(command: CarryForwardSheet, state: SheetState): SheetEvent[] {
  if (state.status !== 'empty') throw new DomainError('ALREADY_EXISTS', '该项目的绩效目标表已存在');
  const { data, metadata } = command;
  const { origin } = data;
  if (origin.status === 'empty') throw new DomainError('NOT_FOUND', CARRY_FORWARD_LABELS.originMissing);
  authorize(mayCreateDraft(metadata.actor, origin.content));
  if (origin.status !== 'approved') {
    throw new DomainError('ILLEGAL_STATE', CARRY_FORWARD_LABELS.originNotApproved, { status: origin.status });
  }
  validate(command, state);
  const { content } = origin;
  return [
    {
      type: 'DraftCreated',
      data: {
        sheetId: data.sheetId,
        fiscalYear: content.fiscalYear + 1,
        departmentId: content.departmentId,
        unitId: content.unitId,
        projectName: content.projectName,
        funding: copyFunding(content.funding),
        goal: content.goal,
        indicators: content.indicators.map((i) => ({ ...i })),
        source: null,
        createdBy: metadata.actor.id,
        origin: { sheetId: content.sheetId, fiscalYear: content.fiscalYear, submissionNo: origin.submissionNo, reviewId: origin.reviewId },
      },
    },
  ];
}

function renameProject(command: RenameProject, state: SheetState): SheetEvent[] {
  const sheet = editable(command, state);
  validate(command, state);
  const before = sheet.content.projectName;
  const after = command.data.projectName;
  if (before === after) return [];
  return [{ type: 'DraftProjectRenamed', data: { sheetId: sheet.content.sheetId, before, after, editedBy: command.metadata.actor.id } }];
}

function changeFunding(command: ChangeFunding, state: SheetState): SheetEvent[] {
  const sheet = editable(command, state);
  validate(command, state);
  const before = sheet.content.funding;
  const after = copyFunding(command.data.funding);
  if (fundingEquals(before, after)) return [];
  return [{ type: 'DraftFundingChanged', data: { sheetId: sheet.content.sheetId, before, after, editedBy: command.metadata.actor.id } }];
}

function changeGoal(command: ChangeGoal, state: SheetState): SheetEvent[] {
  const sheet = editable(command, state);
  validate(command, state);
  const before = sheet.content.goal;
  const after = command.data.goal;
  if (before === after) return [];
  return [{ type: 'DraftGoalChanged', data: { sheetId: sheet.content.sheetId, before, after, editedBy: command.metadata.actor.id } }];
}

function addIndicator(command: AddIndicator, state: SheetState): SheetEvent[] {
  const sheet = editable(command, state);
  validate(command, state);
  const { indicators } = sheet.content;
  if (indicators.some((i) => i.indicatorId === command.data.indicatorId)) {
    throw new DomainError('ALREADY_EXISTS', '指标编号已存在', { indicatorId: command.data.indicatorId });
  }
  return [
    {
      type: 'DraftIndicatorAdded',
      data: {
        sheetId: sheet.content.sheetId,
        indicator: toIndicator(command.data),
        position: command.data.position ?? indicators.length,
        editedBy: command.metadata.actor.id,
      },
    },
  ];
}

function changeIndicator(command: ChangeIndicator, state: SheetState): SheetEvent[] {
  const sheet = editable(command, state);
  // An unknown indicator is NOT_FOUND, not a field error of its changes.
  const { indicator } = indicatorAt(sheet, command.data.indicatorId);
  validate(command, state);
  const { changes } = command.data;
  const proposed: SheetIndicator = {
    ...indicator,
    ...(changes.level1 !== undefined && { level1: changes.level1 }),
    ...(changes.level2 !== undefined && { level2: changes.level2 }),
    ...(changes.name !== undefined && { name: changes.name }),
    ...(changes.periodTarget !== undefined && { periodTarget: targetValue(changes.periodTarget) }),
    ...(changes.annualTarget !== undefined && { annualTarget: targetValue(changes.annualTarget) }),
  };
  const changed = INDICATOR_FIELDS.filter((field) => !indicatorFieldEquals(indicator, proposed, field));
  if (changed.length === 0) return [];
  const pick = (from: SheetIndicator): DraftIndicatorChanged['data']['after'] =>
    Object.fromEntries(changed.map((field) => [field, from[field]]));
  return [
    {
      type: 'DraftIndicatorChanged',
      data: {
        sheetId: sheet.content.sheetId,
        indicatorId: indicator.indicatorId,
        before: pick(indicator),
        after: pick(proposed),
        editedBy: command.metadata.actor.id,
      },
    },
  ];
}

function removeIndicator(command: RemoveIndicator, state: SheetState): SheetEvent[] {
  const sheet = editable(command, state);
  const { indicator, position } = indicatorAt(sheet, command.data.indicatorId);
  validate(command, state);
  return [
    {
      type: 'DraftIndicatorRemoved',
      data: { sheetId: sheet.content.sheetId, indicator, position, editedBy: command.metadata.actor.id },
    },
  ];
}

function reorderIndicators(command: ReorderIndicators, state: SheetState): SheetEvent[] {
  const sheet = editable(command, state);
  validate(command, state);
  const before = sheet.content.indicators.map((i) => i.indicatorId);
  const after = [...command.data.indicatorIds];
  if (before.every((id, index) => after[index] === id)) return [];
  return [{ type: 'DraftIndicatorsReordered', data: { sheetId: sheet.content.sheetId, before, after, editedBy: command.metadata.actor.id } }];
}

function submitSheet(command: SubmitSheet, state: SheetState): SheetEvent[] {
  const sheet = existing(command, state);
  authorize(maySubmitSheet(command.metadata.actor, sheet));
  if (sheet.status !== 'draft' && sheet.status !== 'revision_requested') throw illegalState(sheet, '提交');
  validate(command, state);
  return [
    {
      type: 'SheetSubmitted',
      data: {
        sheetId: sheet.content.sheetId,
        submissionNo: sheet.submissionNo + 1,
        content: sheet.content,
        createdBy: sheet.createdBy,
        lastEditedBy: sheet.lastEditedBy,
        submittedBy: command.metadata.actor.id,
        submittedAt: command.metadata.now,
        waiverRequests: (command.data.waiverRequests ?? []).map((w) => ({
          ruleId: w.ruleId,
          ...(isPresent(w.field) && { field: w.field }),
          reason: w.reason,
        })),
        changesSincePrevious: sheet.lastSubmitted ? diffSheetContent(sheet.lastSubmitted, sheet.content) : null,
        ...(sheet.source?.writtenTotal !== undefined && { writtenTotal: sheet.source.writtenTotal }),
      },
    },
  ];
}

function withdrawSubmission(command: WithdrawSubmission, state: SheetState): SheetEvent[] {
  const sheet = existing(command, state);
  authorize(mayWithdrawSubmission(command.metadata.actor, sheet));
  if (sheet.status !== 'submitted') throw illegalState(sheet, '撤回');
  validate(command, state);
  const { reason } = command.data;
  return [
    {
      type: 'SheetWithdrawn',
      data: { sheetId: sheet.content.sheetId, submissionNo: sheet.submissionNo, reason: isPresent(reason) ? reason : null },
    },
  ];
}

function startReview(command: StartReview, state: SheetState): SheetEvent[] {
  const sheet = existing(command, state);
  authorize(mayDecideReview(command.metadata.actor, sheet));
  if (sheet.status !== 'submitted') throw illegalState(sheet, '开始审核');
  validate(command, state);
  if (command.data.submissionNo !== sheet.submissionNo) {
    throw new DomainError('ILLEGAL_STATE', '该次报送已撤回，审核针对的不是当前报送', {
      submissionNo: sheet.submissionNo,
      requested: command.data.submissionNo,
    });
  }
  return [
    {
      type: 'SheetReviewStarted',
      data: { sheetId: sheet.content.sheetId, submissionNo: sheet.submissionNo, reviewId: command.data.reviewId },
    },
  ];
}

function requestRevision(command: RequestRevision, state: SheetState): SheetEvent[] {
  const sheet = underReview(command, state);
  const { reviewId, round, reasons, comments } = command.data;
  return [
    {
      type: 'SheetRevisionRequested',
      data: {
        sheetId: sheet.content.sheetId,
        submissionNo: sheet.submissionNo,
        reviewId,
        round,
        reasons: reasons.map((r) => ({
          ...(isPresent(r.field) && { field: r.field }),
          ...(isPresent(r.ruleId) && { ruleId: r.ruleId }),
          message: r.message,
        })),
        comments: isPresent(comments) ? comments : null,
      },
    },
  ];
}

function approveSheet(command: ApproveSheet, state: SheetState): SheetEvent[] {
  const sheet = underReview(command, state);
  const { reviewId, grade, conditions } = command.data;
  return [
    {
      type: 'SheetApproved',
      data: {
        sheetId: sheet.content.sheetId,
        submissionNo: sheet.submissionNo,
        reviewId,
        grade,
        conditions: isPresent(conditions) ? conditions : null,
      },
    },
  ];
}

function rejectSheet(command: RejectSheet, state: SheetState): SheetEvent[] {
  const sheet = underReview(command, state);
  const { reviewId, grade, reason } = command.data;
  return [
    {
      type: 'SheetRejected',
      data: { sheetId: sheet.content.sheetId, submissionNo: sheet.submissionNo, reviewId, grade, reason },
    },
  ];
}

function reopenSheet(command: ReopenSheet, state: SheetState): SheetEvent[] {
  const sheet = existing(command, state);
  authorize(mayReopenSheet(command.metadata.actor, sheet));
  if (sheet.status !== 'approved') throw illegalState(sheet, '重新开放');
  validate(command, state);
  return [
    {
      type: 'SheetReopened',
      data: {
        sheetId: sheet.content.sheetId,
        submissionNo: sheet.submissionNo,
        reviewId: sheet.reviewId,
        reason: command.data.reason,
        ...(command.data.publishedVersion !== undefined
          ? { publication: { departmentId: sheet.content.departmentId, fiscalYear: sheet.content.fiscalYear, publishedVersion: command.data.publishedVersion } }
          : {}),
      },
    },
  ];
}

// ---- guards ----------------------------------------------------------------------------

function existing(command: Exclude<SheetCommand, CreateDraft>, state: SheetState): ExistingSheet {
  if (state.status === 'empty') throw new DomainError('NOT_FOUND', '绩效目标表不存在', { sheetId: command.data.sheetId });
  if (state.content.sheetId !== command.data.sheetId) {
    // The handler loaded another stream than the command names: a wiring bug, not a user error.
    throw new Error(`command for sheet ${command.data.sheetId} decided on sheet ${state.content.sheetId}`);
  }
  return state;
}

/** Order of refusals: missing sheet, then who, then when; what (validation) comes last, in the handler. */
function editable(
  command: RenameProject | ChangeFunding | ChangeGoal | AddIndicator | ChangeIndicator | RemoveIndicator | ReorderIndicators,
  state: SheetState,
): EditableSheet {
  const sheet = existing(command, state);
  authorize(mayEditSheet(command.metadata.actor, sheet));
  if (sheet.status !== 'draft' && sheet.status !== 'revision_requested') throw illegalState(sheet, '修改');
  return sheet;
}

function validate(command: SheetCommand, state: SheetState): void {
  throwIfInvalid(validateSheetCommand(command, state));
}

function underReview(
  command: RequestRevision | ApproveSheet | RejectSheet,
  state: SheetState,
): Extract<SheetState, { status: 'under_review' }> {
  const sheet = existing(command, state);
  authorize(mayDecideReview(command.metadata.actor, sheet));
  if (sheet.status !== 'under_review') throw illegalState(sheet, '作出审核决定');
  validate(command, state);
  if (command.data.reviewId !== sheet.reviewId) {
    throw new DomainError('ILLEGAL_STATE', '该审核不是当前报送的审核', { reviewId: sheet.reviewId, requested: command.data.reviewId });
  }
  return sheet;
}

function illegalState(sheet: ExistingSheet, action: string): DomainError {
  return new DomainError('ILLEGAL_STATE', `绩效目标表当前状态为“${SHEET_STATUS_LABELS[sheet.status]}”，不能${action}`, {
    status: sheet.status,
  });
}

function indicatorAt(state: SheetState, indicatorId: string): { indicator: SheetIndicator; position: number } {
  const indicators = state.status === 'empty' ? [] : state.content.indicators;
  const position = indicators.findIndex((i) => i.indicatorId === indicatorId);
  const indicator = indicators[position];
  if (!indicator) throw new DomainError('NOT_FOUND', '指标不存在', { indicatorId });
  return { indicator, position };
}

function toIndicator(input: IndicatorInput): SheetIndicator {
  return {
    indicatorId: input.indicatorId,
    level1: input.level1,
    level2: input.level2,
    name: input.name,
    periodTarget: targetValue(input.periodTarget),
    annualTarget: targetValue(input.annualTarget),
  };
}

function copyFunding(funding: Funding): Funding {
  return {
    fiscalAppropriation: funding.fiscalAppropriation,
    specialAccountAppropriation: funding.specialAccountAppropriation,
    otherFunds: funding.otherFunds,
  };
}

// ---- evolve ----------------------------------------------------------------------------

export function evolveSheet(state: SheetState, event: SheetEvent): SheetState {
  switch (event.type) {
    case 'DraftCreated': {
      const { source, createdBy, origin, ...content } = event.data;
      return { status: 'draft', content, source, createdBy, lastEditedBy: createdBy, submissionNo: 0, lastSubmitted: null, ...(origin && { origin }) };
    }
    case 'DraftProjectRenamed':
      return edited(state, event, (c) => ({ ...c, projectName: event.data.after }));
    case 'DraftFundingChanged': {
      const next = edited(state, event, (c) => ({ ...c, funding: event.data.after }));
      // The written 总计 belonged to the imported amounts: once they change, A01 has nothing to compare.
      if (next.status === 'empty' || next.source?.writtenTotal === undefined) return next;
      const { writtenTotal: _dropped, ...source } = next.source;
      return { ...next, source };
    }
    case 'DraftGoalChanged':
      return edited(state, event, (c) => ({ ...c, goal: event.data.after }));
    case 'DraftIndicatorAdded':
      return edited(state, event, (c) => {
        const indicators = [...c.indicators];
        indicators.splice(event.data.position, 0, event.data.indicator);
        return { ...c, indicators };
      });
    case 'DraftIndicatorChanged':
      return edited(state, event, (c) => ({
        ...c,
        indicators: c.indicators.map((i) => (i.indicatorId === event.data.indicatorId ? { ...i, ...event.data.after } : i)),
      }));
    case 'DraftIndicatorRemoved':
      return edited(state, event, (c) => ({
        ...c,
        indicators: c.indicators.filter((i) => i.indicatorId !== event.data.indicator.indicatorId),
      }));
    case 'DraftIndicatorsReordered':
      return edited(state, event, (c) => {
        const byId = new Map(c.indicators.map((i) => [i.indicatorId, i]));
        return { ...c, indicators: event.data.after.flatMap((id) => byId.get(id) ?? []) };
      });
    case 'SheetSubmitted': {
      const sheet = record(state, event.type);
      return {
        ...sheet,
        status: 'submitted',
        content: event.data.content,
        submissionNo: event.data.submissionNo,
        lastSubmitted: event.data.content,
        waiverRequests: event.data.waiverRequests,
      };
    }
    case 'SheetWithdrawn':
      return { ...record(state, event.type), status: 'draft' };
    case 'SheetReviewStarted':
      return {
        ...record(state, event.type),
        status: 'under_review',
        reviewId: event.data.reviewId,
        waiverRequests: state.status === 'submitted' ? state.waiverRequests : [],
      };
    case 'SheetRevisionRequested': {
      const { reviewId, round, reasons, comments } = event.data;
      return { ...record(state, event.type), status: 'revision_requested', reviewId, round, reasons, comments };
    }
    case 'SheetApproved': {
      const { reviewId, grade, conditions } = event.data;
      return { ...record(state, event.type), status: 'approved', reviewId, grade, conditions };
    }
    case 'SheetRejected': {
      const { reviewId, grade, reason } = event.data;
      return { ...record(state, event.type), status: 'rejected', reviewId, grade, reason };
    }
    case 'SheetReopened':
      return { ...record(state, event.type), status: 'draft' };
    default:
      return assertNever(event, 'sheet event');
  }
}

export function foldSheet(events: readonly SheetEvent[]): SheetState {
  return events.reduce(evolveSheet, initialSheetState());
}

export const sheetDecider = {
  decide: decideSheet,
  evolve: evolveSheet,
  initialState: initialSheetState,
} as const;

/** The fields common to every status, without the ones that belong to the status being left. */
function record(state: SheetState, eventType: string): SheetRecord {
  if (state.status === 'empty') throw new Error(`${eventType} on a sheet that was never created`);
  const { content, source, createdBy, lastEditedBy, submissionNo, lastSubmitted } = state;
  return { content, source, createdBy, lastEditedBy, submissionNo, lastSubmitted };
}

function edited(
  state: SheetState,
  event: Extract<SheetEvent, { data: { editedBy: string } }>,
  update: (content: SheetContent) => SheetContent,
): SheetState {
  if (state.status === 'empty') throw new Error(`${event.type} on a sheet that was never created`);
  return { ...state, content: update(state.content), lastEditedBy: event.data.editedBy };
}
