import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import {
  type CommandMetadata,
  type DepartmentEvent,
  evaluateRules,
  type RecordedEvent,
  RULE_SET_VERSION,
  type SheetSubmitted,
  type SheetWithdrawn,
  upcastDepartmentEvent,
  upcastSheetEvent,
} from '@budget/domain';
import { ConsumerHost, consumerGroup, PLATFORM_CONFIG, type PlatformConfig, uuidFromNames } from '@budget/platform';
import type { PoolClient } from 'pg';
import { ReviewCommands } from '../reviews/review-commands';
import { RULE_CONFIG, type ReviewRuleConfig } from '../reviews/rule-config';
import { SignOffChains } from '../reviews/sign-off-chains';

export const REVIEW_SUBMISSIONS_CONSUMER = 'review-submissions';

/** One review per submission: the same submission always gets the same review id. */
export function reviewIdFor(sheetId: string, submissionNo: number): string {
  return uuidFromNames('review', sheetId, String(submissionNo));
}

/**
 * Consumes budget.targets (consumer group `review`): each submission opens a review, with the
 * rule catalogue's findings recorded; a withdrawal cancels the review of that submission.
 */
@Injectable()
export class SubmissionsConsumer implements OnApplicationBootstrap {
  private readonly logger = new Logger('Submissions');

  constructor(
    private readonly consumers: ConsumerHost,
    private readonly commands: ReviewCommands,
    private readonly chains: SignOffChains,
    @Inject(RULE_CONFIG) private readonly rules: ReviewRuleConfig,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.consumers.start({
      groupId: consumerGroup(this.config, 'review'),
      topics: [this.config.kafka.topics.targets],
      consumerName: REVIEW_SUBMISSIONS_CONSUMER,
      fromBeginning: true,
      handle: (event, tx) => this.handle(event, tx),
    });
  }

  async handle(recorded: RecordedEvent, tx: PoolClient): Promise<void> {
    if (recorded.type === 'UnitAdded' || recorded.type === 'UnitRenamed') return this.unitName(upcastDepartmentEvent(recorded), tx);
    if (recorded.type !== 'SheetSubmitted' && recorded.type !== 'SheetWithdrawn') return;
    const event = upcastSheetEvent(recorded);
    const metadata: CommandMetadata = {
      now: recorded.recordedAt,
      actor: { id: 'review-service', role: 'system', name: '自动审核' },
      correlationId: recorded.correlationId,
      causationId: recorded.eventId,
    };
    // The submitter's name, for the reviewers' screens (the review's own events are the service's).
    const people = recorded.actor.name ? { [recorded.actor.id]: recorded.actor.name } : {};
    if (event.type === 'SheetSubmitted') await this.open(event, metadata, tx, people);
    else if (event.type === 'SheetWithdrawn') await this.cancel(event, metadata, tx);
  }

  private async unitName(event: DepartmentEvent, tx: PoolClient): Promise<void> {
    if (event.type === 'UnitAdded' || event.type === 'UnitRenamed') {
      const name = event.type === 'UnitAdded' ? event.data.name : event.data.after;
      await tx.query(
        `INSERT INTO unit_names (unit_id, department_id, name) VALUES ($1, $2, $3)
         ON CONFLICT (unit_id) DO UPDATE SET name = EXCLUDED.name`,
        [event.data.unitId, event.data.departmentId, name],
      );
    }
  }

  private async open(event: SheetSubmitted, metadata: CommandMetadata, tx: PoolClient, people: Record<string, string>): Promise<void> {
    const d = event.data;
    const reviewId = reviewIdFor(d.sheetId, d.submissionNo);
    // Rounds count the reviews of this sheet that ended (a withdrawn submission's does not).
    const { rows } = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM reviews WHERE sheet_id = $1 AND submission_no < $2 AND status IN ('revision_requested', 'approved', 'rejected')`,
      [d.sheetId, d.submissionNo],
    );
    const round = (rows[0]?.n ?? 0) + 1;
    const chain = await this.chains.chainFor(d.content.departmentId, tx);
    // An imported draft carries its 总计 as written, so A01 is a recorded finding of the review.
    const findings = evaluateRules(d.content, this.rules.rules, d.writtenTotal === undefined ? {} : { writtenTotal: d.writtenTotal });
    await this.commands.execute(
      reviewId,
      d.sheetId,
      (meta) => ({
        type: 'OpenReview',
        data: {
          reviewId,
          sheetId: d.sheetId,
          submissionNo: d.submissionNo,
          round,
          content: d.content,
          createdBy: d.createdBy,
          lastEditedBy: d.lastEditedBy,
          submittedBy: d.submittedBy,
          submittedAt: d.submittedAt,
          waiverRequests: d.waiverRequests,
          changesSincePrevious: d.changesSincePrevious,
          ruleSetVersion: RULE_SET_VERSION,
          findings,
          chain,
        },
        metadata: meta,
      }),
      metadata,
      { transaction: tx, people },
    );
  }

  private async cancel(event: SheetWithdrawn, metadata: CommandMetadata, tx: PoolClient): Promise<void> {
    const { sheetId, submissionNo } = event.data;
    const reviewId = reviewIdFor(sheetId, submissionNo);
    const { rows } = await tx.query<{ status: string }>('SELECT status FROM reviews WHERE review_id = $1', [reviewId]);
    const status = rows[0]?.status;
    // Not opened yet (the withdrawal overtook nothing) or already closed: nothing to cancel.
    if (status === undefined || !['open', 'awaiting_level'].includes(status)) return;
    this.logger.log(`submission ${submissionNo} of sheet ${sheetId} withdrawn: cancelling review ${reviewId}`);
    await this.commands.execute(
      reviewId,
      sheetId,
      (meta) => ({ type: 'CancelReview', data: { reviewId, reason: event.data.reason ?? '单位撤回了报送' }, metadata: meta }),
      metadata,
      { transaction: tx },
    );
  }
}
