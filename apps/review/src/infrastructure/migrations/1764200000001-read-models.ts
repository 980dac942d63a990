import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of the review service, written in the transaction of each review append. */
export class ReadModels1764200000001 implements MigrationInterface {
  name = 'ReadModels1764200000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS reviews (
        review_id text PRIMARY KEY,
        stream_id text NOT NULL UNIQUE,
        version integer NOT NULL,
        sheet_id text NOT NULL,
        submission_no integer NOT NULL,
        round integer NOT NULL,
        fiscal_year integer NOT NULL,
        department_id text NOT NULL,
        unit_id text NOT NULL,
        project_name text NOT NULL,
        status text NOT NULL,
        current_level text,
        waiting_role text,
        due_at timestamptz,
        blocking integer NOT NULL,
        warnings integer NOT NULL,
        state jsonb NOT NULL,
        opened_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        UNIQUE (sheet_id, submission_no)
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS reviews_waiting ON reviews (waiting_role, department_id, unit_id, due_at) WHERE status = 'awaiting_level'`);
    await q.query(`CREATE INDEX IF NOT EXISTS reviews_by_department ON reviews (department_id, fiscal_year, status)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS sign_off_chains (
        department_id text PRIMARY KEY,
        chain jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS sign_off_chains');
    await q.query('DROP TABLE IF EXISTS reviews');
  }
}
