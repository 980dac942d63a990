import { Injectable } from '@nestjs/common';
import {
  type Actor,
  DELEGATION_MESSAGES,
  type Delegation,
  delegationFor,
  delegationStreamId,
  DomainError,
  type ExistingReview,
  maySignOff,
  maySignOffFor,
  type SignOffLevel,
} from '@budget/domain';
import { DelegationRepository } from '../infrastructure/review.repository';
import { DelegationsReadModel } from './delegations.read-model';

/**
 * Which delegation, if any, a level action is taken under (代理审批). Named (`requested`, the
 * delegator's id): that delegator's delegation to the caller in force now, or, when none is in force,
 * their latest one to the caller, so the decider refuses with why (revoked, out of its range); none at
 * all is FORBIDDEN. Not named: none when the caller may sign off in their own name; otherwise the
 * first delegation in force under which the sign-off policy lets them act. The decider decides in
 * the end (maySignOffFor); this only finds the delegation it decides on.
 */
@Injectable()
export class ActingForResolver {
  constructor(
    private readonly delegations: DelegationRepository,
    private readonly readModel: DelegationsReadModel,
  ) {}

  async resolve(actor: Actor, review: ExistingReview, level: SignOffLevel, now: string, requested: string | undefined): Promise<Delegation | undefined> {
    if (requested !== undefined && requested !== actor.id) return this.named(actor, requested, now);
    if (requested !== undefined) return undefined;
    const config = review.chain.find((l) => l.level === level);
    if (!config || maySignOff(actor, review, config).allowed) return undefined;
    for (const candidate of await this.readModel.receivedCurrent(actor.id, now)) {
      if (candidate.delegator.role !== config.role) continue;
      const delegation = delegationFor(await this.of(candidate.delegator.id), actor.id, candidate.delegator.id, now);
      if (delegation && maySignOffFor(actor, review, config, delegation, now).allowed) return delegation;
    }
    return undefined;
  }

  private async named(actor: Actor, delegatorId: string, now: string): Promise<Delegation> {
    const all = await this.of(delegatorId);
    const inForce = delegationFor(all, actor.id, delegatorId, now);
    if (inForce) return inForce;
    const latest = all.filter((d) => d.delegate.id === actor.id).at(-1);
    if (!latest) throw new DomainError('FORBIDDEN', DELEGATION_MESSAGES.notDelegate);
    return latest;
  }

  private async of(delegatorId: string): Promise<readonly Delegation[]> {
    return (await this.delegations.load(delegationStreamId(delegatorId))).state.delegations;
  }
}
