import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the chain heads per fiscal scope, and the signatures of exports. Both
 * are kept outside the generations: a checkpoint's heads are the producers' hashes, the same in
 * every generation, so a rebuild keeps them valid. The rows are not what makes them trustworthy:
 * the signature is, and the key is not in the database.
 */
export class Checkpoints1764300000004 implements MigrationInterface {
  name = 'Checkpoints1764300000004';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE IF NOT EXISTS checkpoints (
        id bigserial PRIMARY KEY,
        department_id text NOT NULL,
        -- -1: the department's own streams (its registration and its sign-off chain)
        fiscal_year integer NOT NULL,
        sequence integer NOT NULL,
        generation integer NOT NULL,
        position bigint NOT NULL,
        signed_at timestamptz NOT NULL,
        key_id text NOT NULL,
        -- the canonical JSON that was signed, exactly, and its digest (the next checkpoint's "previous")
        payload text NOT NULL,
        digest text NOT NULL,
        signature text NOT NULL,
        UNIQUE (department_id, fiscal_year, sequence)
      )`);
    await q.query(`
      CREATE TABLE IF NOT EXISTS export_signatures (
        export_id uuid PRIMARY KEY,
        created_at timestamptz NOT NULL DEFAULT now(),
        actor jsonb NOT NULL,
        department_id text NOT NULL,
        unit_id text,
        -- the checkpoint the export names (its .sig carries it in full when the export is department-wide)
        checkpoint_id bigint,
        payload text NOT NULL,
        signature text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE IF EXISTS export_signatures');
    await q.query('DROP TABLE IF EXISTS checkpoints');
  }
}
