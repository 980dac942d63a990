import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Actor } from '@budget/domain';
import { type CheckpointReference, type CheckpointScope, type EventStoreTransaction } from '@budget/event-store';
import { ReportStore } from '../infrastructure/report-store';
import { CHECKPOINT_CONFIG, type CheckpointConfig } from './checkpoint-keys';
import { CheckpointQueries } from '../infrastructure/checkpoint-queries';
import { describeScope, type StoredCheckpoint } from './checkpoint-records';
import { signMovedScopes, type SigningRun } from './checkpoint-signing';
import { type CheckpointCheck, checkCheckpoints } from './checkpoint-verification';
import { Pacer, SCHEDULED_SIGNING_SHARE, unpaced } from './pacer';

// The parts: checkpoint-records (rows, scopes), checkpoint-signing (a signing run), signed-heads (what
// signing and verification ask of the event log), checkpoint-verification (check), checkpoint-queries
// (reading), checkpoint-keys (keys and settings). This service schedules and serialises signing.
export { scopeOfStream, type SigningRefusal, type StoredCheckpoint } from './checkpoint-records';
export type { SigningRun } from './checkpoint-signing';
export type { CheckpointCheck, CheckpointProblem, CheckpointProblemReason } from './checkpoint-verification';

/** One signer at a time, across instances (session-level advisory lock, taken before the snapshot). */
const SIGNER_LOCK = 'reporting.checkpoints';

/**
 * Signed checkpoints: every interval (CHECKPOINT_INTERVAL_SECONDS) and on demand, the heads of
 * every fiscal scope whose streams moved since its last checkpoint are signed with the service's
 * Ed25519 key, together with the log position they were read at. A scope's next checkpoint is
 * signed only if its history still matches the last one (the event at each signed version still
 * has the signed hash, and the new events chain on from it): a rewritten history is never signed
 * over. `check` compares the copy with the signed checkpoints: a re-hashed, internally consistent
 * chain that does not reach a signed head is reported as rewritten (改写).
 */
@Injectable()
export class CheckpointService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Checkpoints');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SigningRun> | null = null;
  private readonly queries: CheckpointQueries;

  constructor(
    private readonly store: ReportStore,
    @Inject(CHECKPOINT_CONFIG) readonly config: CheckpointConfig,
  ) {
    this.queries = new CheckpointQueries(store.pool);
  }

  onApplicationBootstrap(): void {
    if (this.config.intervalSeconds === 0) return;
    // Paced: the first run after an import hashes every imported event, and unpaced it held up the
    // consumer in this process for seconds.
    this.timer = setInterval(() => {
      this.sign({ id: 'reporting', role: 'system' }, undefined, new Pacer(SCHEDULED_SIGNING_SHARE)).catch((e: unknown) => this.logger.error(`checkpoint signing failed: ${e instanceof Error ? e.message : String(e)}`));
    }, this.config.intervalSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /**
   * Signs what moved since the last checkpoints, at full pace unless a pacer says otherwise (the
   * scheduled runs); concurrent calls in this process share one run.
   */
  sign(actor: Actor, now: () => Date = () => new Date(), pacer: Pacer = unpaced()): Promise<SigningRun> {
    this.running ??= this.signOnce(actor, now, pacer).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * One signer at a time across every reporting process: a session advisory lock, on a connection
   * of its own, taken before the signing transaction opens its snapshot (so the snapshot sees the
   * checkpoints the previous holder committed).
   */
  private signOnce(actor: Actor, now: () => Date, pacer: Pacer): Promise<SigningRun> {
    return this.store.whileLocked({ name: SIGNER_LOCK }, async () => {
      const started = performance.now();
      const run = await this.store.repeatableRead((db) => signMovedScopes(this.store, this.config, db, now, pacer));
      if (run.signed.length > 0 || run.refused.length > 0) {
        this.logger.log(`checkpoints at position ${run.position} (generation ${run.generation}) by ${actor.id}: ${run.signed.length} signed, ${run.unchanged} unchanged, ${run.refused.length} refused, in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      }
      for (const r of run.refused) this.logger.error(`checkpoint of ${describeScope(r.scope)} refused: ${r.streamId ? `${r.streamId} v${r.streamVersion}: ` : ''}${r.reason}`);
      return run;
    });
  }

  // ---- reading ------------------------------------------------------------------------------

  list(filter: { departmentIds?: readonly string[]; departmentId?: string; fiscalYear?: number; limit: number }): Promise<StoredCheckpoint[]> {
    return this.queries.list(filter);
  }

  /** The latest checkpoint of a table's scope, as an export names it. */
  latestOf(scope: CheckpointScope): Promise<CheckpointReference | null> {
    return this.queries.latestOf(scope);
  }

  /**
   * The copy against the signed checkpoints, in the caller's snapshot: every checkpoint's
   * signature (with the key it names) and its link to the scope's previous one; then the heads of
   * each scope's latest checkpoint against the events now at those versions.
   */
  check(db: EventStoreTransaction, generation: number, departmentIds?: readonly string[]): Promise<CheckpointCheck> {
    return checkCheckpoints(this.config, db, generation, departmentIds);
  }
}
