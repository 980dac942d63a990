import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_SIGN_OFF_CHAIN, type SignOffChain, type SignOffChainState } from '@budget/domain';
import { REVIEW_DB, type Sql } from '../infrastructure/database';

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
  updated_at: Date | string;
}

/** A chain stored before chains were events: a row without a version. */
export interface UnadoptedChain {
  readonly department_id: string;
  readonly chain: unknown;
  readonly updated_by: string;
  readonly updated_at: Date | string;
}

/** sign_off_chains: the read model of the departments' sign-off chain streams, the default chain where none is configured. */
@Injectable()
export class SignOffChainReadModel {
  constructor(@Inject(REVIEW_DB) private readonly db: Sql) {}

  async view(departmentId: string, tx: Sql = this.db): Promise<SignOffChainView> {
    const { rows } = await tx.query<ChainRow>('SELECT chain, version, last_level_exception, updated_by, updated_at FROM sign_off_chains WHERE department_id = $1', [departmentId]);
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

  async unadopted(): Promise<UnadoptedChain[]> {
    const { rows } = await this.db.query<UnadoptedChain>('SELECT department_id, chain, updated_by, updated_at FROM sign_off_chains WHERE version IS NULL');
    return rows;
  }

  /** Written in the transaction of the append that changed the chain. */
  async save(tx: Sql, departmentId: string, state: SignOffChainState, version: number, by: string, at: Date): Promise<void> {
    if (state.status !== 'configured') return;
    await tx.query(
      `INSERT INTO sign_off_chains (department_id, chain, updated_by, updated_at, version, last_level_exception) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (department_id) DO UPDATE SET chain = EXCLUDED.chain, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at,
         version = EXCLUDED.version, last_level_exception = EXCLUDED.last_level_exception`,
      [departmentId, JSON.stringify(state.chain), by, at.toISOString(), version, state.lastLevelException ? JSON.stringify(state.lastLevelException) : null],
    );
  }
}
