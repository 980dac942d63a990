import { Inject, Injectable } from '@nestjs/common';
import {
  chinaDateOf,
  type Delegation,
  type DelegationParty,
  type DelegationState,
  DELEGATION_STATUS_LABELS,
  delegationStatus,
  type DelegationStatus,
} from '@budget/domain';
import { REVIEW_DB, type Sql } from '../infrastructure/database';

/** A delegation as the routes answer it: the recorded delegation, where it stands now, and the stream's version. */
export type DelegationView = Delegation & { readonly status: DelegationStatus; readonly statusLabel: string; readonly version: number };

export function delegationView(delegation: Delegation, version: number, at: string): DelegationView {
  const status = delegationStatus(delegation, at);
  return { ...delegation, status, statusLabel: DELEGATION_STATUS_LABELS[status], version };
}

/** The departments a party's organisation spans; empty for a finance reviewer without a desk (every department). */
function departmentsOf(party: DelegationParty): string[] {
  if (party.departmentIds !== undefined) return [...party.departmentIds];
  return party.departmentId !== undefined ? [party.departmentId] : [];
}

interface DelegationRow {
  delegation: Delegation;
  version: number;
}

/** Which delegations to list: those of one person (given or received), or those of an organisation. */
export type DelegationFilter =
  | { readonly person: string }
  | { readonly departmentId?: string | undefined; readonly unitId?: string | undefined; readonly departmentIds?: readonly string[] | undefined };

/** delegations: one row per delegation of every delegator's stream, written in the transaction of its append. */
@Injectable()
export class DelegationsReadModel {
  constructor(@Inject(REVIEW_DB) private readonly db: Sql) {}

  async save(tx: Sql, state: DelegationState, version: number): Promise<void> {
    for (const d of state.delegations) {
      await tx.query(
        `INSERT INTO delegations (delegation_id, delegator_id, delegate_id, role, department_ids, unit_id, from_date, to_date, revoked_at, delegation, version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (delegation_id) DO UPDATE SET revoked_at = EXCLUDED.revoked_at, delegation = EXCLUDED.delegation, version = EXCLUDED.version`,
        [
          d.delegationId,
          d.delegator.id,
          d.delegate.id,
          d.delegator.role,
          departmentsOf(d.delegator),
          d.delegator.unitId ?? null,
          d.from,
          d.to,
          d.revoked?.at ?? null,
          JSON.stringify(d),
          version,
        ],
      );
    }
  }

  /** The delegator a delegation id belongs to; undefined for an unknown id. */
  async delegatorOf(delegationId: string): Promise<string | undefined> {
    const { rows } = await this.db.query<{ delegator_id: string }>('SELECT delegator_id FROM delegations WHERE delegation_id = $1', [delegationId]);
    return rows[0]?.delegator_id;
  }

  /** Delegations received by `delegateId` that are not revoked and do not end before `at`'s day: candidates for acting (isInForce decides). */
  async receivedCurrent(delegateId: string, at: string): Promise<Delegation[]> {
    const { rows } = await this.db.query<DelegationRow>(
      'SELECT delegation, version FROM delegations WHERE delegate_id = $1 AND revoked_at IS NULL AND to_date >= $2::date ORDER BY from_date, delegation_id',
      [delegateId, chinaDateOf(at)],
    );
    return rows.map((r) => r.delegation);
  }

  async list(filter: DelegationFilter, at: string): Promise<DelegationView[]> {
    const where: string[] = ['TRUE'];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replaceAll('?', `$${params.length}`));
    };
    if ('person' in filter) add('(delegator_id = ? OR delegate_id = ?)', filter.person);
    else {
      if (filter.departmentId !== undefined) add('(cardinality(department_ids) = 0 OR ? = ANY(department_ids))', filter.departmentId);
      if (filter.unitId !== undefined) add('unit_id = ?', filter.unitId);
      if (filter.departmentIds !== undefined) add('(cardinality(department_ids) = 0 OR department_ids && ?::text[])', [...filter.departmentIds]);
    }
    const { rows } = await this.db.query<DelegationRow>(`SELECT delegation, version FROM delegations WHERE ${where.join(' AND ')} ORDER BY from_date DESC, delegation_id LIMIT 1000`, params);
    return rows.map((r) => delegationView(r.delegation, r.version, at));
  }
}
