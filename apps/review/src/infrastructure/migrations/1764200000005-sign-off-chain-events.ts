import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sign-off chains become an event stream per department (`sign-off-chain-<departmentId>`);
 * sign_off_chains stays as its read model, with the stream version and the exception of the last
 * level. A row without a version was written before: the service adopts it into the stream's first
 * event when it starts (SignOffChains.adoptStoredChains), so nothing configured is lost.
 */
export class SignOffChainEvents1764200000005 implements MigrationInterface {
  name = 'SignOffChainEvents1764200000005';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sign_off_chains ADD COLUMN IF NOT EXISTS version integer');
    await q.query('ALTER TABLE sign_off_chains ADD COLUMN IF NOT EXISTS last_level_exception jsonb');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE sign_off_chains DROP COLUMN IF EXISTS last_level_exception');
    await q.query('ALTER TABLE sign_off_chains DROP COLUMN IF EXISTS version');
  }
}
