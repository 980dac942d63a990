import { Injectable } from '@nestjs/common';
import { type CommandMetadata, type Delegation, DomainError, type ExistingReview, type RecordedEvent, type ReviewCommand, reviewStreamId, type SignOffLevel, sheetStreamId } from '@budget/domain';
import { commandMetadata, type RequestContext } from '@budget/platform';
import { ActingForResolver } from '../delegations/acting-for';
import { type Sql } from '../infrastructure/database';
import { ReviewRepository } from '../infrastructure/review.repository';
import { ReviewNotifications } from '../notifications/review-notifications';
import { ReviewReadModel } from './review-read-model';
import { namesOf, type PeopleNames, reviewView, type ReviewView } from './review-view';

export interface DecideOptions {
  /** The version the client saw (If-Match / expectedVersion). */
  readonly expectedVersion?: number | undefined;
  /** A consumer's transaction to join. */
  readonly transaction?: Sql;
  /** Names of people the command names but whose events are not the review's (the submitter, from SheetSubmitted). */
  readonly people?: PeopleNames;
  /** The unit's name when the caller has read it already (for the notifications' texts); else it is looked up. */
  readonly unitName?: { readonly name: string | undefined };
}

/** A review whose task at `level` is open. */
export interface ReviewAtLevel {
  readonly review: ExistingReview;
  readonly level: SignOffLevel;
}

/** A level action about to be decided: the review at its level, the command's metadata, and the delegation it is taken under, if any. */
export interface LevelAction extends ReviewAtLevel {
  readonly metadata: CommandMetadata;
  /** Spread into the command's data: `{ actingFor }` when a delegate acts (代理审批), else nothing. */
  readonly acting: { readonly actingFor?: Delegation };
  /** The delegator's name, for the view's `people` (the history says “代X审核”). */
  readonly people: PeopleNames;
}

/**
 * The review aggregate for the use cases: loaded from its stream, and every write of it decided,
 * appended (keyed on Kafka by the sheet's stream, so a sheet's submissions and decisions stay in
 * order) with, in the same transaction, the read model and the notification requests its new events call for.
 */
@Injectable()
export class ReviewWriter {
  constructor(
    private readonly reviews: ReviewRepository,
    private readonly readModel: ReviewReadModel,
    private readonly notifications: ReviewNotifications,
    private readonly actingFor: ActingForResolver,
  ) {}

  /**
   * The review at its current level, as `ctx`'s caller acts on it now: in their own name, or for the
   * delegator `actingFor` names (or whose delegation in force lets them act where their own name does not).
   */
  async levelAction(ctx: RequestContext, reviewId: string, actingFor: string | undefined): Promise<LevelAction> {
    const { review, level } = await this.atCurrentLevel(reviewId);
    const metadata = commandMetadata(ctx);
    const delegation = await this.actingFor.resolve(ctx.actor, review, level, metadata.now, actingFor);
    if (!delegation) return { review, level, metadata, acting: {}, people: {} };
    const { id, name } = delegation.delegator;
    return { review, level, metadata, acting: { actingFor: delegation }, people: name ? { [id]: name } : {} };
  }

  /** The review with the level whose task is open: the level every sign-off action is decided at. */
  async atCurrentLevel(reviewId: string): Promise<ReviewAtLevel> {
    const { state } = await this.reviews.load(reviewStreamId(reviewId));
    if (state.status === 'none') throw new DomainError('NOT_FOUND', '审核记录不存在');
    if (state.currentLevel === null) throw new DomainError('ILLEGAL_STATE', '该审核已结束，没有待办环节');
    return { review: state, level: state.currentLevel };
  }

  async decide(sheetId: string, command: ReviewCommand, opts: DecideOptions = {}): Promise<{ view: ReviewView; recorded: readonly RecordedEvent[] }> {
    const { people, transaction, expectedVersion, unitName } = opts;
    let stored: ReviewView | undefined;
    // In a consumer's transaction the caller wants the events, not the view: the row is written by
    // the append's own statement (the names of its events are those of the commands' actors).
    const alongside = transaction !== undefined;
    const result = await this.reviews.execute(reviewStreamId(command.data.reviewId), command, {
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
      ...(transaction ? { transaction } : {}),
      messageKey: sheetStreamId(sheetId),
      ...(alongside
        ? {
            projectAlongside: (state, version) =>
              state.status === 'none' ? undefined : this.readModel.alongside(state, version, command.metadata.now, { ...people, ...namesOf([{ actor: command.metadata.actor }]) }),
          }
        : {}),
      project: async (tx, state, version, recorded) => {
        if (state.status === 'none') return;
        if (!alongside) stored = await this.readModel.save(tx, state, version, command.metadata.now, { ...people, ...namesOf(recorded) });
        await this.notifications.request(tx, state, recorded, unitName);
      },
    });
    if (result.state.status === 'none') throw new DomainError('NOT_FOUND', '审核记录不存在');
    return { view: stored ?? reviewView(result.state, result.version), recorded: result.recorded };
  }
}
