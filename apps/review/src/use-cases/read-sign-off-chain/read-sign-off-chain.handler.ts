import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor, DomainError, mayRead } from '@budget/domain';
import { SignOffChainReadModel, type SignOffChainView } from '../../sign-off-chains/sign-off-chain.read-model';

/** A department's sign-off chain, for those who may read the department. */
export class GetSignOffChainQuery extends Query<SignOffChainView> {
  constructor(
    readonly actor: Actor,
    readonly departmentId: string,
  ) {
    super();
  }
}

@QueryHandler(GetSignOffChainQuery)
export class GetSignOffChainHandler implements IQueryHandler<GetSignOffChainQuery> {
  constructor(private readonly readModel: SignOffChainReadModel) {}

  async execute(q: GetSignOffChainQuery): Promise<SignOffChainView> {
    if (!mayRead(q.actor, { departmentId: q.departmentId })) throw new DomainError('FORBIDDEN', '无权查看该部门的审核流程');
    return this.readModel.view(q.departmentId);
  }
}
