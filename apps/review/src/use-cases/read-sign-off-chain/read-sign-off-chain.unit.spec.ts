import { type Actor, DEFAULT_SIGN_OFF_CHAIN, type SignOffChain } from '@budget/domain';
import { RecordingTransaction } from '@budget/event-store/testing';
import { SignOffChainReadModel } from '../../sign-off-chains/sign-off-chain.read-model';
import { GetSignOffChainHandler, GetSignOffChainQuery } from './read-sign-off-chain.handler';

const DEPT = 'dept-zzb';
const CHAIN: SignOffChain = [
  { level: 'department', role: 'department_reviewer', mayWaive: true, dueHours: 24 },
  { level: 'finance', role: 'finance_reviewer', mayWaive: false, dueHours: 48 },
];
const finance: Actor = { id: 'fin-1', role: 'finance_reviewer', departmentIds: [DEPT] };
const reviewer: Actor = { id: 'd-1', role: 'department_reviewer', departmentId: DEPT };
const stranger: Actor = { id: 'd-9', role: 'department_reviewer', departmentId: 'dept-other' };
const auditor: Actor = { id: 'audit-1', role: 'auditor' };

/** Given: the sign_off_chains table with the department's stored row, or none (the default chain holds). */
function given(stored?: { readonly chain: SignOffChain; readonly version: number }) {
  const db = new RecordingTransaction((sql, params) =>
    stored && sql.startsWith('SELECT') && params[0] === DEPT
      ? [{ chain: stored.chain, updated_by: finance.id, updated_at: new Date('2026-01-05T02:00:00Z'), version: stored.version, last_level_exception: null }]
      : [],
  );
  return { db, read: (actor: Actor, departmentId = DEPT) => new GetSignOffChainHandler(new SignOffChainReadModel(db)).execute(new GetSignOffChainQuery(actor, departmentId)) };
}

describe('read-sign-off-chain (审核流程)', () => {
  it('given a configured chain, when a reviewer of the department reads it, then the chain in force comes with who set it and the version', async () => {
    const view = await given({ chain: CHAIN, version: 3 }).read(reviewer);
    expect(view).toMatchObject({ departmentId: DEPT, chain: CHAIN, version: 3, updatedBy: finance.id, lastLevelException: null });
  });

  it('given no configured chain, then the default chain at version 0, set by nobody', async () => {
    const view = await given().read(finance);
    expect(view).toMatchObject({ departmentId: DEPT, chain: DEFAULT_SIGN_OFF_CHAIN, version: 0, updatedBy: null });
  });

  it('lets the auditor read any department', async () => {
    await expect(given({ chain: CHAIN, version: 1 }).read(auditor)).resolves.toMatchObject({ chain: CHAIN });
  });

  it('refuses, in Chinese, someone who may not read the department, reading nothing', async () => {
    const g = given({ chain: CHAIN, version: 1 });
    await expect(g.read(stranger)).rejects.toMatchObject({ code: 'FORBIDDEN', message: '无权查看该部门的审核流程' });
    expect(g.db.statements).toEqual([]);
  });
});
