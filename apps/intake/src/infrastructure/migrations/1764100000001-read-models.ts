import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of the intake service, rebuilt from its event streams if ever lost. */
export class ReadModels1764100000001 implements MigrationInterface {
  name = 'ReadModels1764100000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS departments (
        department_id text PRIMARY KEY,
        name text NOT NULL UNIQUE,
        version integer NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS units (
        unit_id text PRIMARY KEY,
        department_id text NOT NULL REFERENCES departments (department_id),
        name text NOT NULL,
        position integer NOT NULL,
        UNIQUE (department_id, name)
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS sheets (
        sheet_id text PRIMARY KEY,
        stream_id text NOT NULL UNIQUE,
        version integer NOT NULL,
        department_id text NOT NULL,
        unit_id text NOT NULL,
        fiscal_year integer NOT NULL,
        project_name text NOT NULL,
        status text NOT NULL,
        total_fen bigint NOT NULL,
        state jsonb NOT NULL,
        created_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX IF NOT EXISTS sheets_department_year ON sheets (department_id, fiscal_year, status)`);
    await q.query(`CREATE INDEX IF NOT EXISTS sheets_unit_year ON sheets (unit_id, fiscal_year, status)`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS imports (
        import_id text PRIMARY KEY,
        department_id text NOT NULL,
        fiscal_year integer NOT NULL,
        content_sha256 text NOT NULL,
        summary jsonb NOT NULL,
        imported_by text NOT NULL,
        imported_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS imports, sheets, units, departments');
  }
}
