import { assertNever, type FieldError } from '../errors';
import { type Severity } from '../rules/finding';
import { checkId, checkInteger, checkOptionalText, checkPositiveInteger, checkText, isPresent } from '../sheet/field-checks';
import { checkWaiverRequests, SHEET_LIMITS } from '../sheet/sheet.validation';
import { validateSignOffChain } from './review.chain';
import { REVIEW_GRADES, type ReviewCommand, type ReviewFinding, type ReviewState, type RevisionComment } from './review.types';

export const REVIEW_LIMITS = {
  findings: 1000,
  findingKeys: 1000,
  waiverRequests: SHEET_LIMITS.waiverRequests,
  revisionComments: SHEET_LIMITS.revisionReasons,
  fieldPath: SHEET_LIMITS.fieldPath,
  message: SHEET_LIMITS.reason,
  reason: SHEET_LIMITS.reason,
  comments: SHEET_LIMITS.comments,
  conditions: SHEET_LIMITS.reason,
} as const;

const SEVERITIES: readonly Severity[] = ['B', 'W', 'I'];

/**
 * Form-level checks of a command, with Chinese messages per field. `state` supplies the recorded
 * findings, so that a key naming no finding, or a finding of the wrong severity, is a field error.
 */
export function validateReviewCommand(command: ReviewCommand, state: ReviewState): FieldError[] {
  const errors: FieldError[] = [];
  const findings = state.status === 'none' ? [] : state.findings;
  switch (command.type) {
    case 'OpenReview':
      checkOpenReview(errors, command.data);
      break;
    case 'AcknowledgeWarnings':
      checkFindingKeys(errors, command.data.findingKeys, findings, 'W', '只有预警需要确认');
      break;
    case 'DecideWaiver':
      checkFindingKeys(errors, command.data.findingKeys, findings, 'B', '只有阻断性问题可以豁免');
      if (typeof command.data.grant !== 'boolean') errors.push({ field: 'grant', message: '须说明是否同意豁免' });
      checkText(errors, 'reason', command.data.reason, '豁免决定的理由', { max: REVIEW_LIMITS.reason, required: true });
      break;
    case 'ApproveLevel':
      checkOptionalText(errors, 'comments', command.data.comments, '审核意见', { max: REVIEW_LIMITS.comments });
      break;
    case 'GradeReview': {
      const { grade, comments, conditions } = command.data;
      if (!(REVIEW_GRADES as readonly unknown[]).includes(grade)) {
        errors.push({ field: 'grade', message: '评级只能是“优”“良”“中”或“差”' });
      }
      checkOptionalText(errors, 'comments', comments, '审核意见', { max: REVIEW_LIMITS.comments });
      if ((grade === '中' || grade === '差') && !isPresent(comments)) {
        errors.push({ field: 'comments', message: grade === '中' ? '评级为“中”时须说明修改意见' : '评级为“差”时须说明不予通过的理由' });
      }
      checkOptionalText(errors, 'conditions', conditions, '批复条件', { max: REVIEW_LIMITS.conditions });
      if (isPresent(conditions) && grade !== '良') errors.push({ field: 'conditions', message: '只有评级为“良”时可以附加条件' });
      break;
    }
    case 'RequestRevision':
      checkRevisionComments(errors, command.data.comments, findings);
      break;
    case 'CancelReview':
      checkText(errors, 'reason', command.data.reason, '取消审核的理由', { max: REVIEW_LIMITS.reason, required: true });
      break;
    default:
      return assertNever(command, 'review command');
  }
  return errors;
}

function checkOpenReview(errors: FieldError[], data: Extract<ReviewCommand, { type: 'OpenReview' }>['data']): void {
  checkId(errors, 'reviewId', data.reviewId, '审核编号');
  checkId(errors, 'sheetId', data.sheetId, '绩效目标表编号');
  checkPositiveInteger(errors, 'submissionNo', data.submissionNo, '报送次数');
  checkPositiveInteger(errors, 'round', data.round, '审核轮次');
  if (Number.isSafeInteger(data.round) && Number.isSafeInteger(data.submissionNo) && data.round > data.submissionNo) {
    errors.push({ field: 'round', message: '审核轮次不能大于报送次数' });
  }
  if (Number.isSafeInteger(data.round) && data.round > 1 && data.changesSincePrevious === null) {
    errors.push({ field: 'changesSincePrevious', message: '修改后重新报送须列明与上次报送的差异' });
  }
  if (data.changesSincePrevious !== null && typeof data.changesSincePrevious !== 'object') {
    errors.push({ field: 'changesSincePrevious', message: '与上次报送的差异无效' });
  }
  checkContent(errors, data.content, data.sheetId);
  checkId(errors, 'createdBy', data.createdBy, '创建人');
  checkId(errors, 'lastEditedBy', data.lastEditedBy, '最后修改人');
  checkId(errors, 'submittedBy', data.submittedBy, '报送人');
  if (typeof data.submittedAt !== 'string' || Number.isNaN(Date.parse(data.submittedAt))) {
    errors.push({ field: 'submittedAt', message: '报送时间无效' });
  }
  checkWaiverRequests(errors, data.waiverRequests);
  checkId(errors, 'ruleSetVersion', data.ruleSetVersion, '规则集版本');
  checkFindings(errors, data.findings);
  errors.push(...validateSignOffChain(data.chain));
}

function checkContent(errors: FieldError[], content: unknown, sheetId: string): void {
  if (typeof content !== 'object' || content === null) {
    errors.push({ field: 'content', message: '报送内容无效' });
    return;
  }
  const c = content as Record<string, unknown>;
  if (c['sheetId'] !== sheetId) errors.push({ field: 'content.sheetId', message: '报送内容不属于该绩效目标表' });
  checkInteger(errors, 'content.fiscalYear', c['fiscalYear'], '预算年度', SHEET_LIMITS.fiscalYear);
  checkId(errors, 'content.departmentId', c['departmentId'], '部门编号');
  checkId(errors, 'content.unitId', c['unitId'], '单位编号');
  checkText(errors, 'content.projectName', c['projectName'], '项目名称', { max: SHEET_LIMITS.projectName, required: true });
  if (!Array.isArray(c['indicators'])) errors.push({ field: 'content.indicators', message: '绩效指标必须是列表' });
}

function checkFindings(errors: FieldError[], list: unknown): void {
  if (!Array.isArray(list)) {
    errors.push({ field: 'findings', message: '审核发现必须是列表' });
    return;
  }
  if (list.length > REVIEW_LIMITS.findings) {
    errors.push({ field: 'findings', message: `审核发现不能超过${REVIEW_LIMITS.findings}项` });
  }
  list.forEach((item: unknown, index) => {
    const prefix = `findings[${index}]`;
    if (typeof item !== 'object' || item === null) {
      errors.push({ field: prefix, message: '审核发现无效' });
      return;
    }
    const finding = item as Record<string, unknown>;
    checkId(errors, `${prefix}.ruleId`, finding['ruleId'], '规则编号');
    checkId(errors, `${prefix}.ruleSetVersion`, finding['ruleSetVersion'], '规则集版本');
    if (!SEVERITIES.includes(finding['severity'] as Severity)) {
      errors.push({ field: `${prefix}.severity`, message: '严重程度只能是B、W或I' });
    }
    checkText(errors, `${prefix}.field`, finding['field'], '字段', { max: REVIEW_LIMITS.fieldPath });
    checkText(errors, `${prefix}.message`, finding['message'], '问题说明', { max: REVIEW_LIMITS.message, required: true });
    const values = finding['values'];
    if (typeof values !== 'object' || values === null || Array.isArray(values)) {
      errors.push({ field: `${prefix}.values`, message: '审核所依据的数值无效' });
    }
  });
}

function checkFindingKeys(
  errors: FieldError[],
  keys: unknown,
  findings: readonly ReviewFinding[],
  severity: Severity,
  wrongSeverity: string,
): void {
  if (!Array.isArray(keys) || keys.length === 0) {
    errors.push({ field: 'findingKeys', message: '请至少选择一项审核发现' });
    return;
  }
  if (keys.length > REVIEW_LIMITS.findingKeys) {
    errors.push({ field: 'findingKeys', message: `审核发现不能超过${REVIEW_LIMITS.findingKeys}项` });
  }
  keys.forEach((key: unknown, index) => {
    const field = `findingKeys[${index}]`;
    const named = findings.filter((f) => f.key === key);
    if (named.length === 0) {
      errors.push({ field, message: '审核发现不存在' });
    } else if (!named.some((f) => f.severity === severity)) {
      errors.push({ field, message: wrongSeverity });
    }
  });
}

function checkRevisionComments(errors: FieldError[], list: unknown, findings: readonly ReviewFinding[]): void {
  if (!Array.isArray(list) || list.length === 0) {
    errors.push({ field: 'comments', message: '退回修改必须说明理由' });
    return;
  }
  if (list.length > REVIEW_LIMITS.revisionComments) {
    errors.push({ field: 'comments', message: `退回理由不能超过${REVIEW_LIMITS.revisionComments}条` });
  }
  list.forEach((item: unknown, index) => {
    const prefix = `comments[${index}]`;
    if (typeof item !== 'object' || item === null) {
      errors.push({ field: prefix, message: '退回理由无效' });
      return;
    }
    const comment = item as RevisionComment;
    checkOptionalText(errors, `${prefix}.field`, comment.field, '字段', { max: REVIEW_LIMITS.fieldPath });
    checkOptionalText(errors, `${prefix}.findingKey`, comment.findingKey, '审核发现', { max: REVIEW_LIMITS.fieldPath });
    if (isPresent(comment.findingKey) && !findings.some((f) => f.key === comment.findingKey)) {
      errors.push({ field: `${prefix}.findingKey`, message: '审核发现不存在' });
    }
    checkText(errors, `${prefix}.message`, comment.message, '退回理由', { max: REVIEW_LIMITS.message, required: true });
  });
}
