import { PostgresRecipientDirectory } from './postgres-directory';
import { createTestSchema, type TestSchema } from './testing/harness';

let db: TestSchema;
let directory: PostgresRecipientDirectory;

beforeAll(async () => {
  db = await createTestSchema('notif_dir');
  directory = new PostgresRecipientDirectory(db.pool, { schema: db.schema });
  await directory.upsertContact({ userId: 'head-d1', name: '李部长', post: 'department_head', departmentId: 'D1', email: 'head@d1.example' });
  await directory.upsertContact({ userId: 'head-d2', post: 'department_head', departmentId: 'D2' });
  await directory.upsertContact({ userId: 'chief', post: 'finance_section_chief' });
  await directory.upsertContact({ userId: 'dept-1', role: 'department_reviewer', departmentId: 'D1' });
});

afterAll(async () => {
  await db?.drop();
});

it('finds supervisors by post and department (a post without a department covers all), who hold no sign-in role', async () => {
  expect(await directory.recipients({ type: 'supervisors', post: 'department_head', departmentId: 'D1' })).toEqual([
    { userId: 'head-d1', name: '李部长', post: 'department_head', departmentId: 'D1', email: 'head@d1.example' },
  ]);
  expect((await directory.recipients({ type: 'supervisors', post: 'finance_section_chief', departmentId: 'D1' })).map((r) => r.userId)).toEqual(['chief']);
  expect(await directory.recipients({ type: 'supervisors', post: 'department_head', departmentId: 'D3' })).toEqual([]);
  // A supervisor is not a reviewer: the level's audience does not reach them.
  expect((await directory.recipients({ type: 'reviewers', role: 'department_reviewer', departmentId: 'D1' })).map((r) => r.userId)).toEqual(['dept-1']);
});

it('runs its schema again without change (the review migration re-applies it)', async () => {
  const { notificationsSchemaSql } = await import('./schema');
  for (const statement of notificationsSchemaSql(db.schema)) await db.pool.query(statement);
  expect((await directory.recipients({ type: 'supervisors', post: 'department_head', departmentId: 'D2' })).map((r) => r.userId)).toEqual(['head-d2']);
});
