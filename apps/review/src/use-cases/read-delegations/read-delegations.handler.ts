import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor, DomainError, mayRead, readScopeFilter } from '@budget/domain';
import { type DelegationFilter, DelegationsReadModel, type DelegationView } from '../../delegations/delegations.read-model';

/**
 * The delegations a person gave and received; an admin or auditor sees those of every organisation
 * they may read (one department with `departmentId`): delegations are part of the audit trail.
 */
export class ListDelegationsQuery extends Query<{ items: DelegationView[] }> {
  constructor(
    readonly actor: Actor,
    readonly departmentId: string | undefined,
    readonly now: string = new Date().toISOString(),
  ) {
    super();
  }
}

@QueryHandler(ListDelegationsQuery)
export class ListDelegationsHandler implements IQueryHandler<ListDelegationsQuery> {
  constructor(private readonly readModel: DelegationsReadModel) {}

  async execute(q: ListDelegationsQuery): Promise<{ items: DelegationView[] }> {
    const { actor, departmentId } = q;
    let filter: DelegationFilter = { person: actor.id };
    if (actor.role === 'admin' || actor.role === 'auditor') {
      if (departmentId !== undefined && !mayRead(actor, { departmentId })) throw new DomainError('FORBIDDEN', '无权查看该部门的代理审批');
      const scope = readScopeFilter(actor);
      filter = scope === 'none' ? { person: actor.id } : { ...scope, departmentId: departmentId ?? scope.departmentId };
    }
    return { items: await this.readModel.list(filter, q.now) };
  }
}
