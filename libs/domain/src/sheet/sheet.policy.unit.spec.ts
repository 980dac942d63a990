import { foldSheet } from './sheet.decider';
import {
  isOwnWork,
  mayCarryForwardDepartment,
  mayCreateDraft,
  mayDecideReview,
  mayEditSheet,
  mayReopenSheet,
  maySubmitSheet,
  mayWithdrawSubmission,
  REVIEW_DECISION_ROLES,
} from './sheet.policy';
import { type ExistingSheet } from './sheet.types';
import {
  admin,
  auditor,
  clerk,
  colleague,
  DEPT,
  deptReviewer,
  draftCreated,
  financeReviewer,
  HISTORIES,
  otherDeptReviewer,
  otherUnitClerk,
  SHEET_ID,
  system,
  UNIT,
  unitHead,
} from './testing/sheet-fixtures';

function existing(state = foldSheet(HISTORIES.draft)): ExistingSheet {
  if (state.status === 'empty') throw new Error('fixture has no sheet');
  return state;
}

describe('sheet policies', () => {
  const target = { departmentId: DEPT, unitId: UNIT };

  it('mayCreateDraft: own unit for clerks, own department for reviewers, anything for admins', () => {
    expect(mayCreateDraft(clerk, target)).toEqual({ allowed: true });
    expect(mayCreateDraft(admin, { departmentId: 'd', unitId: 'u' })).toEqual({ allowed: true });
    expect(mayCreateDraft(deptReviewer, target)).toEqual({ allowed: true });
    expect(mayCreateDraft(otherDeptReviewer, target)).toEqual({ allowed: false, reason: '只能为本部门的单位创建绩效目标表' });
    expect(mayCreateDraft(otherUnitClerk, target)).toEqual({ allowed: false, reason: '只能为本单位创建绩效目标表' });
    for (const actor of [unitHead, financeReviewer, auditor, system]) {
      expect(mayCreateDraft(actor, target)).toEqual({ allowed: false, reason: '无权创建绩效目标表' });
    }
  });

  it('mayCarryForwardDepartment: the department’s reviewer or the admin, nobody else', () => {
    expect(mayCarryForwardDepartment(deptReviewer, DEPT)).toEqual({ allowed: true });
    expect(mayCarryForwardDepartment(admin, 'd')).toEqual({ allowed: true });
    expect(mayCarryForwardDepartment(otherDeptReviewer, DEPT)).toEqual({ allowed: false, reason: '只能结转本部门的绩效目标表' });
    for (const actor of [clerk, unitHead, financeReviewer, auditor, system]) {
      expect(mayCarryForwardDepartment(actor, DEPT)).toEqual({ allowed: false, reason: '只有主管部门审核人可以结转整个部门的绩效目标表' });
    }
  });

  it('edit, submit and withdraw belong to clerks of the sheet’s unit', () => {
    const sheet = existing();
    for (const may of [mayEditSheet, maySubmitSheet, mayWithdrawSubmission]) {
      expect(may(clerk, sheet).allowed).toBe(true);
      expect(may(colleague, sheet).allowed).toBe(true);
      expect(may(otherUnitClerk, sheet).allowed).toBe(false);
      expect(may(unitHead, sheet).allowed).toBe(false);
      expect(may(admin, sheet).allowed).toBe(false);
    }
    expect(mayEditSheet(otherUnitClerk, sheet)).toEqual({ allowed: false, reason: '只能修改本单位的绩效目标表' });
    expect(maySubmitSheet(admin, sheet)).toEqual({ allowed: false, reason: '只有单位经办人可以提交' });
  });

  it('review decisions: the role family, minus the sheet’s authors', () => {
    const sheet = existing();
    expect(REVIEW_DECISION_ROLES).toEqual(['system', 'unit_head', 'department_reviewer', 'finance_reviewer']);
    for (const actor of [system, unitHead, deptReviewer, otherDeptReviewer, financeReviewer]) {
      expect(mayDecideReview(actor, sheet)).toEqual({ allowed: true });
    }
    for (const actor of [clerk, admin, auditor]) {
      expect(mayDecideReview(actor, sheet)).toEqual({ allowed: false, reason: '无权作出审核决定' });
    }
    const byHead = existing(foldSheet([draftCreated({ createdBy: unitHead.id })]));
    expect(mayDecideReview(unitHead, byHead)).toEqual({ allowed: false, reason: '不能审核本人创建或最后修改的绩效目标表' });
  });

  it('mayReopenSheet: finance reviewers only, within their desk’s departments', () => {
    const sheet = existing();
    expect(mayReopenSheet(financeReviewer, sheet).allowed).toBe(true);
    for (const actor of [clerk, unitHead, deptReviewer, admin, system, auditor]) expect(mayReopenSheet(actor, sheet).allowed).toBe(false);
    expect(mayReopenSheet({ ...financeReviewer, departmentIds: [DEPT] }, sheet).allowed).toBe(true);
    expect(mayReopenSheet({ ...financeReviewer, departmentIds: ['dep-other'] }, sheet)).toEqual({ allowed: false, reason: '只能重新开放所负责部门的绩效目标表' });
    expect(mayReopenSheet({ ...financeReviewer, departmentIds: [] }, sheet).allowed).toBe(false);
  });

  describe('isOwnWork', () => {
    it('is true for the creator and for the last editor only', () => {
      const state = foldSheet([
        draftCreated({ createdBy: deptReviewer.id }),
        { type: 'DraftGoalChanged', data: { sheetId: SHEET_ID, before: '', after: '甲', editedBy: clerk.id } },
        { type: 'DraftGoalChanged', data: { sheetId: SHEET_ID, before: '甲', after: '乙', editedBy: colleague.id } },
      ]);
      expect(isOwnWork(deptReviewer, state)).toBe(true);
      expect(isOwnWork(colleague, state)).toBe(true);
      expect(isOwnWork(clerk, state)).toBe(false);
      expect(isOwnWork(financeReviewer, state)).toBe(false);
    });

    it('survives submission and review', () => {
      const state = foldSheet(HISTORIES.approved);
      expect(isOwnWork(clerk, state)).toBe(true);
    });

    it('is false for a sheet that does not exist', () => {
      expect(isOwnWork(clerk, foldSheet([]))).toBe(false);
    });
  });
});
