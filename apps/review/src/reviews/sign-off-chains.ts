import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type Actor,
  type CommandMetadata,
  DEFAULT_SIGN_OFF_CHAIN,
  type SignOffChain,
  type SignOffChainState,
  signOffChainStreamId,
} from '@budget/domain';
import { StreamVersionConflictError } from '@budget/event-store';
import { newId } from '@budget/platform';
import type { EventStoreTransaction } from '@budget/event-store';
import { DataSource } from 'typeorm';
import { SignOffChainRepository } from '../infrastructure/review.repository';

export interface SignOffChainView {
  readonly departmentId: string;
  readonly chain: SignOffChain;
  /** The version of the department's sign-off chain stream; 0 while the default chain applies. */
  readonly version: number;
  readonly lastLevelException: { readonly reason: string } | null;
  readonly updatedBy: string | null;
  readonly updatedAt: string | null;
}

interface ChainRow {
  chain: SignOffChain;
  version: number | null;
  last_level_exception: { reason: string } | null;
  updated_by: string;
  updated_at: Date;
}

/**
 * The sign-off chain of each department; the default (unit head → department → finance) unless
 * configured. A change is a command on the department's sign-off chain stream (decided by the
 * domain's signOffChainDecider, published on budget.reviews, copied by reporting for auditors);
 * sign_off_chains is its read model, written in the append's transaction.
 */
@Injectable()
export class SignOffChains implements OnApplicationBootstrap {
  private readonly logger = new Logger('SignOffChains');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly chains: SignOffChainRepository,
  ) {}

  async chainFor(departmentId: string, client?: EventStoreTransaction): Promise<SignOffChain> {
    return (await this.view(departmentId, client)).chain;
  }

  async view(departmentId: string, client?: EventStoreTransaction): Promise<SignOffChainView> {
    const sql = 'SELECT chain, version, last_level_exception, updated_by, updated_at FROM sign_off_chains WHERE department_id = $1';
    const rows = client ? (await client.query<ChainRow>(sql, [departmentId])).rows : await this.db.query<ChainRow[]>(sql, [departmentId]);
    const row = rows[0];
    if (!row) return { departmentId, chain: DEFAULT_SIGN_OFF_CHAIN, version: 0, lastLevelException: null, updatedBy: null, updatedAt: null };
    return {
      departmentId,
      chain: row.chain,
      version: row.version ?? 0,
      lastLevelException: row.last_level_exception,
      updatedBy: row.updated_by,
      updatedAt: new Date(row.updated_at).toISOString(),
    };
  }

  /** Applies to reviews opened from now on; a review keeps the chain it was opened with. */
  async setChain(
    departmentId: string,
    input: { readonly chain: unknown; readonly lastLevelException?: { readonly reason: string } },
    actor: Actor,
    correlationId: string,
    now: Date = new Date(),
  ): Promise<SignOffChainView> {
    const metadata: CommandMetadata = { now: now.toISOString(), actor, correlationId, causationId: null };
    await this.chains.execute(
      signOffChainStreamId(departmentId),
      {
        type: 'ConfigureSignOffChain',
        data: { departmentId, chain: input.chain, ...(input.lastLevelException !== undefined ? { lastLevelException: input.lastLevelException } : {}) },
        metadata,
      },
      { project: (client, state, version) => this.project(client, departmentId, state, version, actor.id, now) },
    );
    return this.view(departmentId);
  }

  /**
   * Chains stored before chains were events (rows without a version) become their stream's first
   * event, once: the append expects an empty stream, so a second instance doing the same at the
   * same time gets a conflict and leaves it.
   */
  async onApplicationBootstrap(): Promise<void> {
    const rows = await this.db.query<{ department_id: string; chain: unknown; updated_by: string; updated_at: Date }[]>(
      'SELECT department_id, chain, updated_by, updated_at FROM sign_off_chains WHERE version IS NULL',
    );
    for (const row of rows) {
      const now = new Date();
      try {
        await this.chains.execute(
          signOffChainStreamId(row.department_id),
          {
            type: 'AdoptStoredSignOffChain',
            data: { departmentId: row.department_id, stored: row.chain, updatedBy: row.updated_by, updatedAt: new Date(row.updated_at).toISOString() },
            metadata: { now: now.toISOString(), actor: { id: 'review', role: 'system' }, correlationId: newId(), causationId: null },
          },
          { expectedVersion: 0, project: (client, state, version) => this.project(client, row.department_id, state, version, row.updated_by, new Date(row.updated_at)) },
        );
        this.logger.log(`sign-off chain of ${row.department_id} adopted into its event stream`);
      } catch (e) {
        if (e instanceof StreamVersionConflictError) continue;
        this.logger.error(`sign-off chain of ${row.department_id} could not be adopted: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  private async project(client: EventStoreTransaction, departmentId: string, state: SignOffChainState, version: number, by: string, at: Date): Promise<void> {
    if (state.status !== 'configured') return;
    await client.query(
      `INSERT INTO sign_off_chains (department_id, chain, updated_by, updated_at, version, last_level_exception) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (department_id) DO UPDATE SET chain = EXCLUDED.chain, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at,
         version = EXCLUDED.version, last_level_exception = EXCLUDED.last_level_exception`,
      [departmentId, JSON.stringify(state.chain), by, at.toISOString(), version, state.lastLevelException ? JSON.stringify(state.lastLevelException) : null],
    );
  }
}
