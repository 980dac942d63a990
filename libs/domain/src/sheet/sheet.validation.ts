import { assertNever, type FieldError } from '../errors';
import { CARRY_FORWARD_LABELS } from './sheet.labels';
import { checkId, checkInteger, checkOptionalText, checkPositiveInteger, checkText, isPresent, MAX_ID_LENGTH } from './field-checks';
import {
  FUNDING_FIELDS,
  type FundingField,
  type IndicatorChanges,
  type RevisionReason,
  type SheetCommand,
  type SheetIndicator,
  type SheetState,
  type WaiverRequest,
} from './sheet.types';

export const SHEET_LIMITS = {
  projectName: 200,
  goal: 5000,
  indicators: 100,
  indicatorLabel: 100,
  target: 500,
  fiscalYear: { min: 2000, max: 2100 },
  reason: 2000,
  comments: 5000,
  fieldPath: 200,
  waiverRequests: 100,
  revisionReasons: 200,
} as const;

const FUNDING_LABELS: Readonly<Record<FundingField, string>> = {
  fiscalAppropriation: '财政拨款',
  specialAccountAppropriation: '财政专户拨款',
  otherFunds: '其他资金',
};

const INDICATOR_LABELS = {
  level1: '一级指标',
  level2: '二级指标',
  name: '三级指标',
  periodTarget: '实施周期指标值',
  annualTarget: '年度指标值',
} as const;

/**
 * Form-level checks of a command, with Chinese messages per field. They bound what can be
 * stored; whether a sheet is good enough (goal present, indicators complete) is the review
 * rules' business, so a draft may be incomplete. `state` supplies indicator positions for paths.
 */
export function validateSheetCommand(command: SheetCommand, state: SheetState): FieldError[] {
  const errors: FieldError[] = [];
  const indicators = state.status === 'empty' ? [] : state.content.indicators;
  switch (command.type) {
    case 'CreateDraft': {
      const { data } = command;
      checkId(errors, 'sheetId', data.sheetId, '绩效目标表编号');
      checkInteger(errors, 'fiscalYear', data.fiscalYear, '预算年度', SHEET_LIMITS.fiscalYear);
      checkId(errors, 'departmentId', data.departmentId, '部门编号');
      checkId(errors, 'unitId', data.unitId, '单位编号');
      checkProjectName(errors, data.projectName);
      checkFunding(errors, data.funding);
      if (data.goal !== undefined) checkGoal(errors, data.goal);
      if (data.indicators !== undefined) checkIndicatorList(errors, data.indicators);
      if (data.source !== undefined) {
        if (data.source.kind !== 'import') errors.push({ field: 'source.kind', message: '来源类型无效' });
        checkId(errors, 'source.importId', data.source.importId, '导入批次编号');
        checkPositiveInteger(errors, 'source.line', data.source.line, '导入行号');
        if (data.source.writtenTotal !== undefined && !(Number.isSafeInteger(data.source.writtenTotal) && data.source.writtenTotal >= 0)) {
          errors.push({ field: 'source.writtenTotal', message: '导入的总计必须是不小于0的整数（单位：分）' });
        }
      }
      break;
    }
    case 'CarryForwardSheet': {
      const { sheetId, origin } = command.data;
      checkId(errors, 'sheetId', sheetId, '绩效目标表编号');
      if (origin.status !== 'empty') {
        if (origin.content.sheetId === sheetId) errors.push({ field: 'sheetId', message: CARRY_FORWARD_LABELS.sameSheet });
        checkInteger(errors, 'fiscalYear', origin.content.fiscalYear + 1, '预算年度', SHEET_LIMITS.fiscalYear);
      }
      break;
    }
    case 'RenameProject':
      checkProjectName(errors, command.data.projectName);
      break;
    case 'ChangeFunding':
      checkFunding(errors, command.data.funding);
      break;
    case 'ChangeGoal':
      checkGoal(errors, command.data.goal);
      break;
    case 'AddIndicator': {
      const { position } = command.data;
      if (indicators.length >= SHEET_LIMITS.indicators) {
        errors.push({ field: 'indicators', message: `绩效指标不能超过${SHEET_LIMITS.indicators}个` });
      }
      let index = indicators.length;
      if (position !== undefined) {
        const before = errors.length;
        checkInteger(errors, 'position', position, '指标位置', { min: 0, max: indicators.length });
        if (errors.length === before) index = position;
      }
      checkId(errors, `indicators[${index}].indicatorId`, command.data.indicatorId, '指标编号');
      checkIndicatorValues(errors, `indicators[${index}]`, command.data);
      break;
    }
    case 'ChangeIndicator': {
      const index = indicators.findIndex((i) => i.indicatorId === command.data.indicatorId);
      checkIndicatorChanges(errors, index >= 0 ? `indicators[${index}]` : 'indicator', command.data.changes);
      break;
    }
    case 'RemoveIndicator':
      checkId(errors, 'indicatorId', command.data.indicatorId, '指标编号');
      break;
    case 'ReorderIndicators':
      checkPermutation(errors, command.data.indicatorIds, indicators);
      break;
    case 'SubmitSheet':
      if (command.data.waiverRequests !== undefined) checkWaiverRequests(errors, command.data.waiverRequests);
      break;
    case 'WithdrawSubmission':
      checkOptionalText(errors, 'reason', command.data.reason, '撤回原因', { max: SHEET_LIMITS.reason });
      break;
    case 'StartReview':
      checkId(errors, 'reviewId', command.data.reviewId, '审核编号');
      checkPositiveInteger(errors, 'submissionNo', command.data.submissionNo, '报送次数');
      break;
    case 'RequestRevision':
      checkId(errors, 'reviewId', command.data.reviewId, '审核编号');
      checkPositiveInteger(errors, 'round', command.data.round, '退回轮次');
      checkRevisionReasons(errors, command.data.reasons);
      checkOptionalText(errors, 'comments', command.data.comments, '审核意见', { max: SHEET_LIMITS.comments });
      break;
    case 'ApproveSheet':
      checkId(errors, 'reviewId', command.data.reviewId, '审核编号');
      if (command.data.grade !== '优' && command.data.grade !== '良') {
        errors.push({ field: 'grade', message: '审核通过的评级只能是“优”或“良”' });
      }
      checkOptionalText(errors, 'conditions', command.data.conditions, '批复条件', { max: SHEET_LIMITS.reason });
      if (command.data.grade === '优' && isPresent(command.data.conditions)) {
        errors.push({ field: 'conditions', message: '评级为“优”时不能附加条件' });
      }
      break;
    case 'RejectSheet':
      checkId(errors, 'reviewId', command.data.reviewId, '审核编号');
      if (command.data.grade !== '差' && command.data.grade !== null) {
        errors.push({ field: 'grade', message: '不予通过的评级只能是“差”或不评级' });
      }
      checkText(errors, 'reason', command.data.reason, '不予通过的理由', { max: SHEET_LIMITS.reason, required: true });
      break;
    case 'ReopenSheet':
      checkText(errors, 'reason', command.data.reason, '重新开放的理由', { max: SHEET_LIMITS.reason, required: true });
      if (command.data.publishedVersion !== undefined) checkPositiveInteger(errors, 'publishedVersion', command.data.publishedVersion, '公开版本号');
      break;
    default:
      return assertNever(command, 'sheet command');
  }
  return errors;
}

function checkProjectName(errors: FieldError[], value: unknown): void {
  checkText(errors, 'projectName', value, '项目名称', { max: SHEET_LIMITS.projectName, required: true });
}

function checkGoal(errors: FieldError[], value: unknown): void {
  checkText(errors, 'goal', value, '绩效目标', { max: SHEET_LIMITS.goal });
}

function checkFunding(errors: FieldError[], funding: unknown): void {
  if (typeof funding !== 'object' || funding === null) {
    errors.push({ field: 'funding', message: '资金数额不能为空' });
    return;
  }
  const amounts = funding as Record<string, unknown>;
  let total = 0;
  for (const key of FUNDING_FIELDS) {
    const value = amounts[key];
    const field = `funding.${key}`;
    const label = FUNDING_LABELS[key];
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      errors.push({ field, message: `${label}必须是以分为单位的整数` });
    } else if (value < 0) {
      errors.push({ field, message: `${label}不能为负数` });
    } else if (!Number.isSafeInteger(value)) {
      errors.push({ field, message: `${label}金额过大` });
    } else {
      total += value;
    }
  }
  // The derived total must stay exact too.
  if (!Number.isSafeInteger(total)) errors.push({ field: 'funding', message: '资金总计金额过大' });
}

function checkIndicatorValues(errors: FieldError[], prefix: string, values: { readonly [K in keyof IndicatorChanges]?: unknown }): void {
  for (const key of ['level1', 'level2', 'name'] as const) {
    checkText(errors, `${prefix}.${key}`, values[key], INDICATOR_LABELS[key], { max: SHEET_LIMITS.indicatorLabel });
  }
  for (const key of ['periodTarget', 'annualTarget'] as const) {
    checkText(errors, `${prefix}.${key}`, values[key], INDICATOR_LABELS[key], { max: SHEET_LIMITS.target });
  }
}

function checkIndicatorChanges(errors: FieldError[], prefix: string, changes: unknown): void {
  if (typeof changes !== 'object' || changes === null) {
    errors.push({ field: 'changes', message: '修改内容无效' });
    return;
  }
  const given = changes as IndicatorChanges;
  for (const key of ['level1', 'level2', 'name'] as const) {
    if (given[key] !== undefined) {
      checkText(errors, `${prefix}.${key}`, given[key], INDICATOR_LABELS[key], { max: SHEET_LIMITS.indicatorLabel });
    }
  }
  for (const key of ['periodTarget', 'annualTarget'] as const) {
    if (given[key] !== undefined) {
      checkText(errors, `${prefix}.${key}`, given[key], INDICATOR_LABELS[key], { max: SHEET_LIMITS.target });
    }
  }
}

function checkIndicatorList(errors: FieldError[], list: unknown): void {
  if (!Array.isArray(list)) {
    errors.push({ field: 'indicators', message: '绩效指标必须是列表' });
    return;
  }
  if (list.length > SHEET_LIMITS.indicators) {
    errors.push({ field: 'indicators', message: `绩效指标不能超过${SHEET_LIMITS.indicators}个` });
  }
  const seen = new Set<unknown>();
  list.forEach((item: unknown, index) => {
    const prefix = `indicators[${index}]`;
    if (typeof item !== 'object' || item === null) {
      errors.push({ field: prefix, message: '绩效指标无效' });
      return;
    }
    const indicator = item as Record<string, unknown>;
    const before = errors.length;
    checkId(errors, `${prefix}.indicatorId`, indicator['indicatorId'], '指标编号');
    if (errors.length === before && seen.has(indicator['indicatorId'])) {
      errors.push({ field: `${prefix}.indicatorId`, message: '指标编号重复' });
    }
    seen.add(indicator['indicatorId']);
    checkIndicatorValues(errors, prefix, indicator);
  });
}

function checkPermutation(errors: FieldError[], ids: unknown, indicators: readonly SheetIndicator[]): void {
  if (!Array.isArray(ids)) {
    errors.push({ field: 'indicatorIds', message: '指标顺序必须是列表' });
    return;
  }
  const existing = new Set(indicators.map((i) => i.indicatorId));
  const seen = new Set<unknown>();
  for (const id of ids) {
    if (!existing.has(id as string)) {
      errors.push({ field: 'indicatorIds', message: `指标${String(id)}不存在` });
    } else if (seen.has(id)) {
      errors.push({ field: 'indicatorIds', message: `指标${String(id)}重复出现` });
    }
    seen.add(id);
  }
  for (const id of existing) {
    if (!seen.has(id)) errors.push({ field: 'indicatorIds', message: `缺少指标${id}` });
  }
}

/** Also the review's check of the waiver requests a submission carried. */
export function checkWaiverRequests(errors: FieldError[], list: unknown): void {
  if (!Array.isArray(list)) {
    errors.push({ field: 'waiverRequests', message: '豁免申请必须是列表' });
    return;
  }
  if (list.length > SHEET_LIMITS.waiverRequests) {
    errors.push({ field: 'waiverRequests', message: `豁免申请不能超过${SHEET_LIMITS.waiverRequests}项` });
  }
  const seen = new Set<string>();
  list.forEach((item: unknown, index) => {
    const prefix = `waiverRequests[${index}]`;
    if (typeof item !== 'object' || item === null) {
      errors.push({ field: prefix, message: '豁免申请无效' });
      return;
    }
    const waiver = item as WaiverRequest;
    checkId(errors, `${prefix}.ruleId`, waiver.ruleId, '规则编号');
    checkOptionalText(errors, `${prefix}.field`, waiver.field, '字段', { max: SHEET_LIMITS.fieldPath });
    checkText(errors, `${prefix}.reason`, waiver.reason, '豁免理由', { max: SHEET_LIMITS.reason, required: true });
    const key = JSON.stringify([waiver.ruleId, waiver.field ?? null]);
    if (seen.has(key)) errors.push({ field: prefix, message: '同一规则和字段的豁免申请重复' });
    seen.add(key);
  });
}

function checkRevisionReasons(errors: FieldError[], list: unknown): void {
  if (!Array.isArray(list) || list.length === 0) {
    errors.push({ field: 'reasons', message: '退回修改必须说明理由' });
    return;
  }
  if (list.length > SHEET_LIMITS.revisionReasons) {
    errors.push({ field: 'reasons', message: `退回理由不能超过${SHEET_LIMITS.revisionReasons}条` });
  }
  list.forEach((item: unknown, index) => {
    const prefix = `reasons[${index}]`;
    if (typeof item !== 'object' || item === null) {
      errors.push({ field: prefix, message: '退回理由无效' });
      return;
    }
    const reason = item as RevisionReason;
    checkOptionalText(errors, `${prefix}.field`, reason.field, '字段', { max: SHEET_LIMITS.fieldPath });
    checkOptionalText(errors, `${prefix}.ruleId`, reason.ruleId, '规则编号', { max: MAX_ID_LENGTH });
    checkText(errors, `${prefix}.message`, reason.message, '退回理由', { max: SHEET_LIMITS.reason, required: true });
  });
}
