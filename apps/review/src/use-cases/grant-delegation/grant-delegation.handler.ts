import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { delegationStreamId } from '@budget/domain';
import { commandMetadata, type RequestContext } from '@budget/platform';
import { DelegationRepository } from '../../infrastructure/review.repository';
import { DelegationParties } from '../../delegations/delegation-parties';
import { DelegationsReadModel, delegationView, type DelegationView } from '../../delegations/delegations.read-model';

export interface GrantRequest {
  readonly delegateId: string;
  readonly from: string;
  readonly to: string;
  readonly reason: string;
  /** An admin's grant on someone's behalf names them; a reviewer's own grant may leave it out. */
  readonly delegatorId?: string | undefined;
}

/** 代理审批: the delegator (or an admin for them) has a delegate of the same role and organisation act at their level for a date range. */
export class GrantDelegationCommand extends Command<DelegationView> {
  constructor(
    readonly ctx: RequestContext,
    readonly request: GrantRequest,
  ) {
    super();
  }
}

@CommandHandler(GrantDelegationCommand)
export class GrantDelegationHandler implements ICommandHandler<GrantDelegationCommand> {
  constructor(
    private readonly delegations: DelegationRepository,
    private readonly parties: DelegationParties,
    private readonly readModel: DelegationsReadModel,
  ) {}

  async execute(c: GrantDelegationCommand): Promise<DelegationView> {
    const metadata = commandMetadata(c.ctx);
    const { delegateId, from, to, reason, delegatorId } = c.request;
    const delegator = await this.parties.delegator(c.ctx.actor, delegatorId);
    const delegate = await this.parties.delegate(delegateId);
    const delegationId = `dlg-${randomUUID()}`;
    const { state, version } = await this.delegations.execute(
      delegationStreamId(delegator.id),
      { type: 'GrantDelegation', data: { delegationId, delegator, delegate, from, to, reason }, metadata },
      { project: (tx, next, v) => this.readModel.save(tx, next, v) },
    );
    const granted = state.delegations.find((d) => d.delegationId === delegationId)!;
    return delegationView(granted, version, metadata.now);
  }
}
