import { type Actor } from '../events/envelope';
import { DEFAULT_SIGN_OFF_CHAIN, signOffLevel } from './review.chain';
import { foldReview } from './review.decider';
import {
  FOUR_EYES_MESSAGE,
  isReviewAuthor,
  mayCancelReview,
  mayDecideWaiver,
  mayOpenReview,
  maySignOff,
} from './review.policy';
import { type ReviewRecord, type SignOffLevelConfig } from './review.types';
import {
  admin,
  auditor,
  clerk,
  DEPT,
  deptReviewer,
  financeReviewer,
  financeReviewer2,
  HISTORIES,
  otherDeptReviewer,
  otherUnitHead,
  system,
  unitHead,
} from './testing/review-fixtures';

function review(authors: Partial<Pick<ReviewRecord, 'createdBy' | 'lastEditedBy' | 'submittedBy'>> = {}): ReviewRecord {
  const state = foldReview(HISTORIES.unit_head);
  if (state.status === 'none') throw new Error('fixture');
  return { ...state, ...authors };
}

const [UNIT_HEAD, DEPARTMENT, FINANCE] = DEFAULT_SIGN_OFF_CHAIN as [SignOffLevelConfig, SignOffLevelConfig, SignOffLevelConfig];

describe('review policies', () => {
  it('opening and cancelling are the review service’s', () => {
    expect(mayOpenReview(system)).toEqual({ allowed: true });
    expect(mayCancelReview(system)).toEqual({ allowed: true });
    for (const actor of [clerk, unitHead, deptReviewer, financeReviewer, auditor, admin]) {
      expect(mayOpenReview(actor)).toEqual({ allowed: false, reason: '只有审核服务可以开启审核' });
      expect(mayCancelReview(actor)).toEqual({ allowed: false, reason: '只有审核服务可以取消审核' });
    }
  });

  it('maySignOff: the level’s role, in the review’s organisation', () => {
    const r = review();
    expect(maySignOff(unitHead, r, UNIT_HEAD)).toEqual({ allowed: true });
    expect(maySignOff(deptReviewer, r, DEPARTMENT)).toEqual({ allowed: true });
    expect(maySignOff(financeReviewer, r, FINANCE)).toEqual({ allowed: true });
    expect(maySignOff(financeReviewer2, r, FINANCE)).toEqual({ allowed: true });
    expect(maySignOff({ ...financeReviewer, departmentIds: [r.departmentId] }, r, FINANCE)).toEqual({ allowed: true });
    expect(maySignOff({ ...financeReviewer, departmentIds: ['dep-elsewhere'] }, r, FINANCE)).toEqual({ allowed: false, reason: '只能审核所负责部门的绩效目标表' });
    expect(maySignOff(otherUnitHead, r, UNIT_HEAD)).toEqual({ allowed: false, reason: '只能审核本单位的绩效目标表' });
    expect(maySignOff(otherDeptReviewer, r, DEPARTMENT)).toEqual({ allowed: false, reason: '只能审核本部门的绩效目标表' });
    const headWithoutDepartment: Actor = { id: 'head-3', role: 'unit_head', unitId: r.unitId };
    expect(maySignOff(headWithoutDepartment, r, UNIT_HEAD)).toEqual({ allowed: true });
    expect(maySignOff(deptReviewer, r, UNIT_HEAD)).toEqual({ allowed: false, reason: '“单位负责人”环节须由单位负责人审核' });
    expect(maySignOff(unitHead, r, FINANCE)).toEqual({ allowed: false, reason: '“财政部门”环节须由财政审核人审核' });
    for (const actor of [clerk, auditor, admin, system]) expect(maySignOff(actor, r, DEPARTMENT).allowed).toBe(false);
  });

  it('maySignOff: four-eyes against the creator, the last editor and the submitter', () => {
    const deptAuthor: Actor = { id: 'dept-author', role: 'department_reviewer', departmentId: DEPT };
    for (const field of ['createdBy', 'lastEditedBy', 'submittedBy'] as const) {
      const r = review({ [field]: deptAuthor.id });
      expect(isReviewAuthor(deptAuthor, r)).toBe(true);
      expect(maySignOff(deptAuthor, r, DEPARTMENT)).toEqual({ allowed: false, reason: FOUR_EYES_MESSAGE });
      expect(mayDecideWaiver(deptAuthor, r, DEPARTMENT)).toEqual({ allowed: false, reason: FOUR_EYES_MESSAGE });
      expect(maySignOff(deptReviewer, r, DEPARTMENT)).toEqual({ allowed: true });
    }
    expect(isReviewAuthor(deptReviewer, review())).toBe(false);
  });

  it('mayDecideWaiver: a sign-off at a level configured to waive', () => {
    const r = review();
    expect(mayDecideWaiver(deptReviewer, r, DEPARTMENT)).toEqual({ allowed: true });
    expect(mayDecideWaiver(financeReviewer, r, FINANCE)).toEqual({ allowed: true });
    expect(mayDecideWaiver(unitHead, r, UNIT_HEAD)).toEqual({ allowed: false, reason: '“单位负责人”环节无权豁免阻断性问题' });
    expect(mayDecideWaiver(unitHead, r, signOffLevel('unit_head', { mayWaive: true }))).toEqual({ allowed: true });
    expect(mayDecideWaiver(otherDeptReviewer, r, DEPARTMENT)).toEqual({ allowed: false, reason: '只能审核本部门的绩效目标表' });
  });
});
