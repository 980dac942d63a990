import { type Actor, signOffChainStreamId, type SignOffChain, upcastSignOffChainEvent } from '@budget/domain';
import { InMemoryEventStore, RecordingTransaction } from '@budget/event-store/testing';
import { SignOffChainRepository } from '../../infrastructure/review.repository';
import { SignOffChainReadModel } from '../../sign-off-chains/sign-off-chain.read-model';
import { GetSignOffChainHandler, GetSignOffChainQuery } from '../read-sign-off-chain/read-sign-off-chain.handler';
import { SetSignOffChainCommand, SetSignOffChainHandler } from './set-sign-off-chain.handler';

const DEPT = 'dept-zzb';
const finance: Actor = { id: 'fin-1', role: 'finance_reviewer', departmentIds: [DEPT] };
const CHAIN: SignOffChain = [
  { level: 'department', role: 'department_reviewer', mayWaive: true, dueHours: 48 },
  { level: 'finance', role: 'finance_reviewer', mayWaive: true, dueHours: 72 },
];

/** The sign_off_chains table as far as the handler uses it: the row the last INSERT wrote. */
function chainTable() {
  let row: Record<string, unknown> | undefined;
  const respond = (sql: string, params: readonly unknown[]) => {
    if (sql.startsWith('INSERT INTO sign_off_chains')) {
      const [, chain, by, at, version, exception] = params;
      row = { chain: JSON.parse(String(chain)), updated_by: by, updated_at: at, version, last_level_exception: typeof exception === 'string' ? JSON.parse(exception) : null };
    }
    return sql.startsWith('SELECT') && row ? [row] : [];
  };
  return new InMemoryEventStore({ respond });
}

function setUp() {
  const store = chainTable();
  const readModel = new SignOffChainReadModel(store.transaction());
  return { store, readModel, handler: new SetSignOffChainHandler(new SignOffChainRepository(store), readModel) };
}

describe('set-sign-off-chain', () => {
  it('records the change on the department’s chain stream and answers the chain now in force', async () => {
    const { store, readModel, handler } = setUp();
    const view = await handler.execute(new SetSignOffChainCommand({ actor: finance, correlationId: 'c' }, DEPT, { chain: CHAIN }));
    const events = (await store.readStream(signOffChainStreamId(DEPT))).map(upcastSignOffChainEvent);
    expect(events.map((e) => e.type)).toEqual(['SignOffChainConfigured']);
    expect(events[0]!.data).toMatchObject({ departmentId: DEPT, chain: CHAIN, lastLevelException: null });
    expect(view).toMatchObject({ departmentId: DEPT, chain: CHAIN, version: 1, updatedBy: 'fin-1', lastLevelException: null });
    await expect(new GetSignOffChainHandler(readModel).execute(new GetSignOffChainQuery(finance, DEPT))).resolves.toEqual(view);
  });

  it('leaves the department’s chain to the finance desk that covers it', async () => {
    const { store, handler } = setUp();
    const elsewhere: Actor = { id: 'fin-9', role: 'finance_reviewer', departmentIds: ['dept-other'] };
    await expect(handler.execute(new SetSignOffChainCommand({ actor: elsewhere, correlationId: 'c' }, DEPT, { chain: CHAIN }))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: '只能配置所负责部门的审核流程',
    });
    expect(await store.streamVersion(signOffChainStreamId(DEPT))).toBe(0);
  });

  it('refuses a chain that does not end at finance without an admin’s reason', async () => {
    const { store, handler } = setUp();
    const short = [CHAIN[0]!];
    await expect(handler.execute(new SetSignOffChainCommand({ actor: finance, correlationId: 'c' }, DEPT, { chain: short }))).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(await store.streamVersion(signOffChainStreamId(DEPT))).toBe(0);
  });

  it('shows the default chain to a reader of the department, and nothing to another department', async () => {
    const readModel = new SignOffChainReadModel(new RecordingTransaction());
    await expect(new GetSignOffChainHandler(readModel).execute(new GetSignOffChainQuery(finance, DEPT))).resolves.toMatchObject({ version: 0, updatedBy: null });
    const stranger: Actor = { id: 'd-9', role: 'department_reviewer', departmentId: 'dept-other' };
    await expect(new GetSignOffChainHandler(readModel).execute(new GetSignOffChainQuery(stranger, DEPT))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
