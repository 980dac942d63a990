import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { signOffChainStreamId } from '@budget/domain';
import { commandMetadata, type RequestContext } from '@budget/platform';
import { SignOffChainRepository } from '../../infrastructure/review.repository';
import { SignOffChainReadModel, type SignOffChainView } from '../../sign-off-chains/sign-off-chain.read-model';

export interface ChainSetting {
  /** As received: the domain checks it strictly. */
  readonly chain?: unknown;
  readonly lastLevelException?: { readonly reason: string } | undefined;
}

/**
 * Sets a department's sign-off chain: an event on its chain stream (who changed the approval chain,
 * when, from what), for reviews opened from now on; a review keeps the chain it was opened with.
 */
export class SetSignOffChainCommand extends Command<SignOffChainView> {
  constructor(
    readonly ctx: RequestContext,
    readonly departmentId: string,
    readonly setting: ChainSetting,
  ) {
    super();
  }
}

@CommandHandler(SetSignOffChainCommand)
export class SetSignOffChainHandler implements ICommandHandler<SetSignOffChainCommand> {
  constructor(
    private readonly chains: SignOffChainRepository,
    private readonly readModel: SignOffChainReadModel,
  ) {}

  async execute(c: SetSignOffChainCommand): Promise<SignOffChainView> {
    const metadata = commandMetadata(c.ctx);
    const { departmentId } = c;
    const { chain, lastLevelException } = c.setting;
    await this.chains.execute(
      signOffChainStreamId(departmentId),
      { type: 'ConfigureSignOffChain', data: { departmentId, chain, ...(lastLevelException !== undefined ? { lastLevelException } : {}) }, metadata },
      { project: (tx, state, version) => this.readModel.save(tx, departmentId, state, version, c.ctx.actor.id, new Date(metadata.now)) },
    );
    return this.readModel.view(departmentId);
  }
}
