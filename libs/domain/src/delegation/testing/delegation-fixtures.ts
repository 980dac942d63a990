import { type Actor } from '../../events/envelope';
import { DEPT, UNIT, deptReviewer, financeReviewer, unitHead } from '../../sheet/testing/sheet-fixtures';
import { type Delegation, type DelegationParty } from '../delegation.types';

export const deptReviewer2: Actor = { id: 'dept-2', role: 'department_reviewer', departmentId: DEPT };
export const unitHead2: Actor = { id: 'head-2', role: 'unit_head', departmentId: DEPT, unitId: UNIT };
export const deskFinance: Actor = { id: 'fin-3', role: 'finance_reviewer', departmentIds: [DEPT] };
export const deskFinance2: Actor = { id: 'fin-4', role: 'finance_reviewer', departmentIds: [DEPT, 'dept-other'] };

export function party(actor: Actor): DelegationParty {
  return {
    id: actor.id,
    role: actor.role as DelegationParty['role'],
    ...(actor.departmentId !== undefined && { departmentId: actor.departmentId }),
    ...(actor.unitId !== undefined && { unitId: actor.unitId }),
    ...(actor.departmentIds !== undefined && { departmentIds: actor.departmentIds }),
  };
}

/** dept-1 (the fixture department reviewer) is away 2025-03-01 to 03-10; dept-2 stands in. */
export const DEPT_DELEGATION: Delegation = {
  delegationId: 'dlg-1',
  delegator: party(deptReviewer),
  delegate: party(deptReviewer2),
  from: '2025-03-01',
  to: '2025-03-10',
  reason: '出差',
  grantedBy: deptReviewer.id,
  grantedAt: '2025-02-28T01:00:00.000Z',
  revoked: null,
};

export const FINANCE_DELEGATION: Delegation = {
  ...DEPT_DELEGATION,
  delegationId: 'dlg-2',
  delegator: party(deskFinance),
  delegate: party(deskFinance2),
  grantedBy: deskFinance.id,
};

export const UNIT_HEAD_DELEGATION: Delegation = {
  ...DEPT_DELEGATION,
  delegationId: 'dlg-3',
  delegator: party(unitHead),
  delegate: party(unitHead2),
  grantedBy: unitHead.id,
};

export { deptReviewer, financeReviewer, unitHead };
