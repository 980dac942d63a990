import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model of the delegation streams (`delegations-<delegatorId>`, 代理审批): one row per
 * delegation, written in the transaction of its append; what 待办 reads to show a delegate the
 * tasks of those they stand in for, and what GET /delegations lists.
 */
export class Delegations1764200000006 implements MigrationInterface {
  name = 'Delegations1764200000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS delegations (
        delegation_id text PRIMARY KEY,
        delegator_id text NOT NULL,
        delegate_id text NOT NULL,
        role text NOT NULL,
        department_ids text[] NOT NULL,
        unit_id text,
        from_date date NOT NULL,
        to_date date NOT NULL,
        revoked_at timestamptz,
        delegation jsonb NOT NULL,
        version integer NOT NULL
      )`);
    await q.query('CREATE INDEX IF NOT EXISTS delegations_delegate ON delegations (delegate_id, to_date) WHERE revoked_at IS NULL');
    await q.query('CREATE INDEX IF NOT EXISTS delegations_delegator ON delegations (delegator_id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS delegations');
  }
}
