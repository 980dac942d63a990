import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DELEGATION_MESSAGES, delegationStreamId, DomainError } from '@budget/domain';
import { commandMetadata, type RequestContext } from '@budget/platform';
import { DelegationRepository } from '../../infrastructure/review.repository';
import { DelegationsReadModel, delegationView, type DelegationView } from '../../delegations/delegations.read-model';

/** Ends a delegation before its last day (the delegator is back): the delegator or an admin, with a reason. */
export class RevokeDelegationCommand extends Command<DelegationView> {
  constructor(
    readonly ctx: RequestContext,
    readonly delegationId: string,
    readonly reason: string,
  ) {
    super();
  }
}

@CommandHandler(RevokeDelegationCommand)
export class RevokeDelegationHandler implements ICommandHandler<RevokeDelegationCommand> {
  constructor(
    private readonly delegations: DelegationRepository,
    private readonly readModel: DelegationsReadModel,
  ) {}

  async execute(c: RevokeDelegationCommand): Promise<DelegationView> {
    const delegatorId = await this.readModel.delegatorOf(c.delegationId);
    if (delegatorId === undefined) throw new DomainError('NOT_FOUND', DELEGATION_MESSAGES.notFound);
    const metadata = commandMetadata(c.ctx);
    const { state, version } = await this.delegations.execute(
      delegationStreamId(delegatorId),
      { type: 'RevokeDelegation', data: { delegationId: c.delegationId, reason: c.reason }, metadata },
      { project: (tx, next, v) => this.readModel.save(tx, next, v) },
    );
    const revoked = state.delegations.find((d) => d.delegationId === c.delegationId)!;
    return delegationView(revoked, version, metadata.now);
  }
}
