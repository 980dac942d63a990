import { delegationFor, delegationStatus, delegatorsOf, isInForce, mayActFor } from './delegation.policy';
import { DEPT_DELEGATION, deptReviewer, deptReviewer2 } from './testing/delegation-fixtures';

const REVOKED = { ...DEPT_DELEGATION, revoked: { by: deptReviewer.id, at: '2025-03-05T02:00:00.000Z', reason: '提前返岗' } };

describe('delegations in force (policy)', () => {
  it('holds from the first to the last day of its range in Beijing time, both included', () => {
    expect(isInForce(DEPT_DELEGATION, '2025-02-28T15:59:59.000Z')).toBe(false); // 02-28 23:59 in Beijing
    expect(isInForce(DEPT_DELEGATION, '2025-02-28T16:00:00.000Z')).toBe(true); // 03-01 00:00
    expect(isInForce(DEPT_DELEGATION, '2025-03-10T15:59:59.000Z')).toBe(true);
    expect(isInForce(DEPT_DELEGATION, '2025-03-10T16:00:00.000Z')).toBe(false);
  });

  it('ends at the moment it is revoked', () => {
    expect(isInForce(REVOKED, '2025-03-05T01:59:59.000Z')).toBe(true);
    expect(isInForce(REVOKED, '2025-03-05T02:00:00.000Z')).toBe(false);
    expect(delegationStatus(REVOKED, '2025-03-06T02:00:00.000Z')).toBe('revoked');
    expect(delegationStatus(DEPT_DELEGATION, '2025-02-20T02:00:00.000Z')).toBe('scheduled');
    expect(delegationStatus(DEPT_DELEGATION, '2025-03-02T02:00:00.000Z')).toBe('in_force');
    expect(delegationStatus(DEPT_DELEGATION, '2025-03-12T02:00:00.000Z')).toBe('ended');
  });

  it('says whose tasks a delegate sees, and through which delegation they act for whom', () => {
    expect(delegatorsOf([DEPT_DELEGATION], deptReviewer2.id, '2025-03-02T02:00:00.000Z').map((p) => p.id)).toEqual([deptReviewer.id]);
    expect(delegatorsOf([DEPT_DELEGATION], deptReviewer2.id, '2025-03-12T02:00:00.000Z')).toEqual([]);
    expect(delegationFor([DEPT_DELEGATION], deptReviewer2.id, deptReviewer.id, '2025-03-02T02:00:00.000Z')).toBe(DEPT_DELEGATION);
    expect(delegationFor([REVOKED], deptReviewer2.id, deptReviewer.id, '2025-03-06T02:00:00.000Z')).toBeNull();
  });

  it('lets only the delegate act, in force, at a level of the delegator\'s role', () => {
    const at = '2025-03-02T02:00:00.000Z';
    expect(mayActFor(deptReviewer2, DEPT_DELEGATION, 'department_reviewer', at)).toEqual({ allowed: true });
    expect(mayActFor(deptReviewer, DEPT_DELEGATION, 'department_reviewer', at)).toEqual({ allowed: false, reason: '您不是该代理审批的受托人' });
    expect(mayActFor(deptReviewer2, DEPT_DELEGATION, 'finance_reviewer', at)).toEqual({ allowed: false, reason: '代理审批的角色与本审核环节不符' });
    expect(mayActFor(deptReviewer2, DEPT_DELEGATION, 'department_reviewer', '2025-03-12T02:00:00.000Z')).toEqual({ allowed: false, reason: '代理审批不在有效期内' });
  });
});
