import { financeCovers } from '../access';
import { allow, deny, type PolicyDecision } from '../core/policy';
import { type Actor, type Role } from '../events/envelope';
import { type ExistingSheet, type SheetState } from './sheet.types';

/** The roles whose decisions a sheet accepts; which of them may decide at which level is the review service's sign-off chain. */
export const REVIEW_DECISION_ROLES: readonly Role[] = ['system', 'unit_head', 'department_reviewer', 'finance_reviewer'];

export function mayCreateDraft(actor: Actor, target: { readonly departmentId: string; readonly unitId: string }): PolicyDecision {
  switch (actor.role) {
    case 'admin':
      return allow;
    case 'department_reviewer':
      // Whether the unit belongs to the department is the organisation stream's knowledge; the caller checks it.
      return actor.departmentId === target.departmentId ? allow : deny('只能为本部门的单位创建绩效目标表');
    case 'unit_clerk':
      return actor.unitId === target.unitId && (actor.departmentId === undefined || actor.departmentId === target.departmentId)
        ? allow
        : deny('只能为本单位创建绩效目标表');
    case 'unit_head':
    case 'finance_reviewer':
    case 'auditor':
    case 'system':
      return deny('无权创建绩效目标表');
  }
}

/** 持续性项目 of a whole department at once: its reviewer or the admin (each sheet is still checked by mayCreateDraft). */
export function mayCarryForwardDepartment(actor: Actor, departmentId: string): PolicyDecision {
  if (actor.role === 'admin') return allow;
  if (actor.role !== 'department_reviewer') return deny('只有主管部门审核人可以结转整个部门的绩效目标表');
  return actor.departmentId === departmentId ? allow : deny('只能结转本部门的绩效目标表');
}

function ownUnitClerk(actor: Actor, sheet: ExistingSheet, what: string): PolicyDecision {
  if (actor.role !== 'unit_clerk') return deny(`只有单位经办人可以${what}`);
  return actor.unitId === sheet.content.unitId ? allow : deny(`只能${what}本单位的绩效目标表`);
}

export function mayEditSheet(actor: Actor, sheet: ExistingSheet): PolicyDecision {
  return ownUnitClerk(actor, sheet, '修改');
}

export function maySubmitSheet(actor: Actor, sheet: ExistingSheet): PolicyDecision {
  return ownUnitClerk(actor, sheet, '提交');
}

export function mayWithdrawSubmission(actor: Actor, sheet: ExistingSheet): PolicyDecision {
  return ownUnitClerk(actor, sheet, '撤回');
}

/** Four-eyes: the author of a submission never decides on it, whatever their role. */
export function mayDecideReview(actor: Actor, sheet: ExistingSheet): PolicyDecision {
  if (!REVIEW_DECISION_ROLES.includes(actor.role)) return deny('无权作出审核决定');
  return isOwnWork(actor, sheet) ? deny('不能审核本人创建或最后修改的绩效目标表') : allow;
}

export function mayReopenSheet(actor: Actor, sheet: ExistingSheet): PolicyDecision {
  if (actor.role !== 'finance_reviewer') return deny('只有财政审核人可以重新开放已批复的绩效目标表');
  return financeCovers(actor, sheet.content.departmentId) ? allow : deny('只能重新开放所负责部门的绩效目标表');
}

/** Created or last edited by the actor: such a person may not sign the sheet off. */
export function isOwnWork(actor: Actor, state: SheetState): boolean {
  if (state.status === 'empty') return false;
  return state.createdBy === actor.id || state.lastEditedBy === actor.id;
}
