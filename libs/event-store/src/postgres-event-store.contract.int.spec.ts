import { PostgresEventStore } from './postgres-event-store';
import { describeEventStoreContract } from './testing/event-store-contract';
import { createTestSchema } from './testing/test-schema';

jest.setTimeout(30_000);

describeEventStoreContract('PostgreSQL', async () => {
  const db = await createTestSchema('es_contract');
  return { store: new PostgresEventStore(db.pool, { schema: db.schema, outboxTopic: 'budget.targets' }), close: () => db.drop() };
});
