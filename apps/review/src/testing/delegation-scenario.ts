import { type Actor, chinaDateOf, type Delegation } from '@budget/domain';
import { type StatementResponder } from '@budget/event-store/testing';
import { type Recipient } from '@budget/notifications';
import { type PeopleDirectory } from '../delegations/delegation-parties';

interface Row {
  readonly delegationId: string;
  readonly delegatorId: string;
  readonly delegateId: string;
  readonly departmentIds: readonly string[];
  readonly to: string;
  readonly revokedAt: string | null;
  readonly delegation: Delegation;
  readonly version: number;
}

/**
 * The delegations table as far as the read model uses it, answering the SQL it runs (other
 * statements, such as the reviews read model's, are answered with nothing).
 */
export function delegationTable(): { readonly respond: StatementResponder; readonly rows: Map<string, Row> } {
  const rows = new Map<string, Row>();
  const out = (list: Row[]) => list.map((r) => ({ delegation: r.delegation, version: r.version }));
  const respond: StatementResponder = (sql, params) => {
    if (sql.startsWith('INSERT INTO delegations')) {
      const [delegationId, delegatorId, delegateId, , departmentIds, , , to, revokedAt, delegation, version] = params as [string, string, string, string, string[], string, string, string, string | null, string, number];
      rows.set(delegationId, { delegationId, delegatorId, delegateId, departmentIds, to, revokedAt, delegation: JSON.parse(delegation) as Delegation, version });
      return [];
    }
    if (!sql.includes('FROM delegations')) return [];
    const all = [...rows.values()];
    if (sql.startsWith('SELECT delegator_id')) return all.filter((r) => r.delegationId === params[0]).map((r) => ({ delegator_id: r.delegatorId }));
    if (sql.includes('delegate_id = $1 AND revoked_at IS NULL')) return out(all.filter((r) => r.delegateId === params[0] && r.revokedAt === null && r.to >= String(params[1])));
    if (sql.includes('delegator_id = $1 OR delegate_id = $1')) return out(all.filter((r) => r.delegatorId === params[0] || r.delegateId === params[0]));
    if (sql.includes('ANY(department_ids)')) return out(all.filter((r) => r.departmentIds.length === 0 || r.departmentIds.includes(String(params[0]))));
    return out(all);
  };
  return { respond, rows };
}

/** The people directory: who an admin registered, whether or not they ever signed in. */
export function peopleDirectory(people: readonly Recipient[]): PeopleDirectory {
  return { contact: (userId: string) => Promise.resolve(people.find((p) => p.userId === userId)) };
}

export function recipientOf(actor: Actor, name: string): Recipient {
  return {
    userId: actor.id,
    role: actor.role,
    name,
    ...(actor.departmentId !== undefined && { departmentId: actor.departmentId }),
    ...(actor.unitId !== undefined && { unitId: actor.unitId }),
  };
}

/** Beijing's date `days` from today. */
export function beijingDay(days = 0): string {
  return chinaDateOf(new Date(Date.now() + days * 86_400_000).toISOString());
}
