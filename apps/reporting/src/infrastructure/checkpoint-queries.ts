import type { CheckpointReference, CheckpointScope, EventStoreTransaction } from '@budget/event-store';
import { CHECKPOINT_COLUMNS, type CheckpointRow, DEPARTMENT_SCOPE_YEAR, stored, type StoredCheckpoint } from '../checkpoints/checkpoint-records';

/** Reading the checkpoints table: the list the API shows and the latest of a scope, as an export names it. */
export class CheckpointQueries {
  constructor(private readonly db: EventStoreTransaction) {}

  async list(filter: { departmentIds?: readonly string[]; departmentId?: string; fiscalYear?: number; limit: number }): Promise<StoredCheckpoint[]> {
    const params: unknown[] = [filter.limit];
    const where: string[] = [];
    if (filter.departmentIds) {
      params.push([...filter.departmentIds]);
      where.push(`department_id = ANY($${params.length}::text[])`);
    }
    if (filter.departmentId !== undefined) {
      params.push(filter.departmentId);
      where.push(`department_id = $${params.length}`);
    }
    if (filter.fiscalYear !== undefined) {
      params.push(filter.fiscalYear);
      where.push(`fiscal_year = $${params.length}`);
    }
    const { rows } = await this.db.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $1`,
      params,
    );
    return rows.map(stored);
  }

  /** The latest checkpoint of a table's scope, as an export names it. */
  async latestOf(scope: CheckpointScope): Promise<CheckpointReference | null> {
    const { rows } = await this.db.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE department_id = $1 AND fiscal_year = $2 ORDER BY sequence DESC LIMIT 1`,
      [scope.departmentId, scope.fiscalYear ?? DEPARTMENT_SCOPE_YEAR],
    );
    const row = rows[0];
    if (!row) return null;
    const c = stored(row);
    return { id: c.id, scope: c.scope, sequence: c.sequence, position: c.position, signedAt: c.signedAt, digest: c.digest, signature: c.signature };
  }

}
