import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Actor, DEFAULT_SIGN_OFF_CHAIN, DomainError, financeCovers, type SignOffChain, validateSignOffChain } from '@budget/domain';
import type { PoolClient } from 'pg';
import { DataSource } from 'typeorm';

/** The sign-off chain of each department; the default (unit head → department → finance) unless configured. */
@Injectable()
export class SignOffChains {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async chainFor(departmentId: string, client?: PoolClient): Promise<SignOffChain> {
    const sql = 'SELECT chain FROM sign_off_chains WHERE department_id = $1';
    const rows = client
      ? (await client.query<{ chain: SignOffChain }>(sql, [departmentId])).rows
      : await this.db.query<{ chain: SignOffChain }[]>(sql, [departmentId]);
    return rows[0]?.chain ?? DEFAULT_SIGN_OFF_CHAIN;
  }

  /** Applies to reviews opened from now on; a review keeps the chain it was opened with. */
  async setChain(departmentId: string, chain: unknown, actor: Actor, now: Date = new Date()): Promise<SignOffChain> {
    if (actor.role !== 'admin' && actor.role !== 'finance_reviewer') throw new DomainError('FORBIDDEN', '只有财政审核人或管理员可以配置审核流程');
    if (actor.role === 'finance_reviewer' && !financeCovers(actor, departmentId)) throw new DomainError('FORBIDDEN', '只能配置所负责部门的审核流程');
    const errors = validateSignOffChain(chain);
    if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', '审核流程配置有误', { fieldErrors: errors });
    await this.db.query(
      `INSERT INTO sign_off_chains (department_id, chain, updated_by, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (department_id) DO UPDATE SET chain = EXCLUDED.chain, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [departmentId, JSON.stringify(chain), actor.id, now.toISOString()],
    );
    return chain as SignOffChain;
  }
}
