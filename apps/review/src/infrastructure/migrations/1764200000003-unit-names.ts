import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Names of units, from the department streams on budget.targets, so notifications say who. */
export class UnitNames1764200000003 implements MigrationInterface {
  name = 'UnitNames1764200000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS unit_names (
        unit_id text PRIMARY KEY,
        department_id text NOT NULL,
        name text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS unit_names');
  }
}
