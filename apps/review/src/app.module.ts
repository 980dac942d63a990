import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { getDataSourceToken } from '@nestjs/typeorm';
import { PostgresEventStore } from '@budget/event-store';
import { type NotificationsConfig, QueueDepths } from '@budget/notifications';
import {
  EVENT_STORE,
  HEALTH_CHECKS,
  type HealthCheck,
  HealthController,
  loadConfig,
  MessagingModule,
  openApiController,
  OutboxService,
  PlatformModule,
  poolOf,
  serviceDatabase,
  ServiceMetrics,
} from '@budget/platform';
import type { DataSource } from 'typeorm';
import { EventStore1764200000000 } from './infrastructure/migrations/1764200000000-event-store';
import { ReadModels1764200000001 } from './infrastructure/migrations/1764200000001-read-models';
import { Notifications1764200000002 } from './infrastructure/migrations/1764200000002-notifications';
import { UnitNames1764200000003 } from './infrastructure/migrations/1764200000003-unit-names';
import { OutboxEventIds1764200000004 } from './infrastructure/migrations/1764200000004-outbox-event-ids';
import { SignOffChainEvents1764200000005 } from './infrastructure/migrations/1764200000005-sign-off-chain-events';
import { Delegations1764200000006 } from './infrastructure/migrations/1764200000006-delegations';
import { REVIEW_DB } from './infrastructure/database';
import { DelegationRepository, LocalCalendarRepository, REVIEW_SCHEMA, ReviewRepository, SignOffChainRepository } from './infrastructure/review.repository';
import { ActingForResolver } from './delegations/acting-for';
import { DelegationParties } from './delegations/delegation-parties';
import { DelegationsReadModel } from './delegations/delegations.read-model';
import { GrantDelegationController } from './use-cases/grant-delegation/grant-delegation.controller';
import { GrantDelegationHandler } from './use-cases/grant-delegation/grant-delegation.handler';
import { ReadDelegationsController } from './use-cases/read-delegations/read-delegations.controller';
import { ListDelegationsHandler } from './use-cases/read-delegations/read-delegations.handler';
import { RevokeDelegationController } from './use-cases/revoke-delegation/revoke-delegation.controller';
import { RevokeDelegationHandler } from './use-cases/revoke-delegation/revoke-delegation.handler';
import { DEADLINES_CONFIG, deadlinesConfig } from './deadlines/deadlines.config';
import { RegionCalendar } from './deadlines/region-calendar';
import { DeadlineSweepScheduler } from './deadlines/deadline-sweep.scheduler';
import { TaskDeadlines } from './deadlines/task-deadline';
import { DeadlineNotices } from './infrastructure/deadline-notices';
import { DeadlineNotices1764200000007 } from './infrastructure/migrations/1764200000007-deadline-notices';
import { OutboxNotify1764200000008 } from './infrastructure/migrations/1764200000008-outbox-notify';
import { SweepDeadlinesController } from './use-cases/sweep-deadlines/sweep-deadlines.controller';
import { SweepDeadlinesHandler } from './use-cases/sweep-deadlines/sweep-deadlines.handler';
import { UnitNames } from './infrastructure/unit-names';
import { ReadInboxController } from './use-cases/read-inbox/read-inbox.controller';
import { ReadInboxHandler } from './use-cases/read-inbox/read-inbox.handler';
import { MarkInboxReadController } from './use-cases/mark-inbox-read/mark-inbox-read.controller';
import { MarkInboxReadHandler } from './use-cases/mark-inbox-read/mark-inbox-read.handler';
import { SetContactController } from './use-cases/set-contact/set-contact.controller';
import { SetContactHandler } from './use-cases/set-contact/set-contact.handler';
import { SetWebhookController } from './use-cases/set-webhook/set-webhook.controller';
import { SetWebhookHandler } from './use-cases/set-webhook/set-webhook.handler';
import { ReadWebhookDeadLettersController } from './use-cases/read-webhook-dead-letters/read-webhook-dead-letters.controller';
import { ReadWebhookDeadLettersHandler } from './use-cases/read-webhook-dead-letters/read-webhook-dead-letters.handler';
import { RetryWebhookDeadLetterController } from './use-cases/retry-webhook-dead-letter/retry-webhook-dead-letter.controller';
import { RetryWebhookDeadLetterHandler } from './use-cases/retry-webhook-dead-letter/retry-webhook-dead-letter.handler';
import { ReadNotificationsController } from './use-cases/read-notifications/read-notifications.controller';
import { ReadNotificationsHandler } from './use-cases/read-notifications/read-notifications.handler';
import { NOTIFICATION_PROVIDERS, NOTIFICATIONS_CONFIG } from './notifications/notifications.providers';
import { ReviewNotifications } from './notifications/review-notifications';
import { AcknowledgeWarningsController } from './use-cases/acknowledge-warnings/acknowledge-warnings.controller';
import { AcknowledgeWarningsHandler } from './use-cases/acknowledge-warnings/acknowledge-warnings.handler';
import { ApproveLevelController } from './use-cases/approve-level/approve-level.controller';
import { ApproveLevelHandler } from './use-cases/approve-level/approve-level.handler';
import { CancelReviewHandler } from './use-cases/cancel-review/cancel-review.handler';
import { DecideWaiverController } from './use-cases/decide-waiver/decide-waiver.controller';
import { DecideWaiverHandler } from './use-cases/decide-waiver/decide-waiver.handler';
import { GradeReviewController } from './use-cases/grade-review/grade-review.controller';
import { GradeReviewHandler } from './use-cases/grade-review/grade-review.handler';
import { OpenReviewHandler } from './use-cases/open-review/open-review.handler';
import { OpeningContextQuery } from './use-cases/open-review/opening-context.query';
import { ReadReviewsController } from './use-cases/read-reviews/read-reviews.controller';
import { GetReviewHandler, ListReviewsHandler, ListTasksHandler } from './use-cases/read-reviews/read-reviews.handlers';
import { RequestRevisionController } from './use-cases/request-revision/request-revision.controller';
import { RequestRevisionHandler } from './use-cases/request-revision/request-revision.handler';
import { ReviewReadModel } from './reviews/review-read-model';
import { ReviewInScope, ReviewScope } from './reviews/review-scope';
import { ReviewWriter } from './reviews/review-writer';
import { ReviewsQueries } from './reviews/reviews.queries';
import { loadRuleConfig, RULE_CONFIG } from './reviews/rule-config';
import { AdoptStoredChains } from './sign-off-chains/adopt-stored-chains';
import { ReadSignOffChainController } from './use-cases/read-sign-off-chain/read-sign-off-chain.controller';
import { GetSignOffChainHandler } from './use-cases/read-sign-off-chain/read-sign-off-chain.handler';
import { SetSignOffChainController } from './use-cases/set-sign-off-chain/set-sign-off-chain.controller';
import { SetSignOffChainHandler } from './use-cases/set-sign-off-chain/set-sign-off-chain.handler';
import { SignOffChainReadModel } from './sign-off-chains/sign-off-chain.read-model';
import { SubmissionsConsumer } from './submissions/submissions.consumer';
import { NotifyBatchReminderHandler } from './use-cases/notify-batch-reminder/notify-batch-reminder.handler';
import { ClearLocalCalendarDayController } from './use-cases/clear-local-calendar-day/clear-local-calendar-day.controller';
import { ClearLocalCalendarDayHandler } from './use-cases/clear-local-calendar-day/clear-local-calendar-day.handler';
import { ReadLocalCalendarController } from './use-cases/read-local-calendar/read-local-calendar.controller';
import { ReadLocalCalendarHandler } from './use-cases/read-local-calendar/read-local-calendar.handler';
import { SetLocalCalendarDayController } from './use-cases/set-local-calendar-day/set-local-calendar-day.controller';
import { SetLocalCalendarDayHandler } from './use-cases/set-local-calendar-day/set-local-calendar-day.handler';

const config = loadConfig();

@Module({
  imports: [
    PlatformModule.forRoot('review', config),
    CqrsModule.forRoot(),
    serviceDatabase(config, {
      schema: REVIEW_SCHEMA,
      entities: [],
      migrations: [
        EventStore1764200000000,
        ReadModels1764200000001,
        Notifications1764200000002,
        UnitNames1764200000003,
        OutboxEventIds1764200000004,
        SignOffChainEvents1764200000005,
        Delegations1764200000006,
        DeadlineNotices1764200000007,
        OutboxNotify1764200000008,
      ],
    }),
    MessagingModule.forService({ schema: REVIEW_SCHEMA, clientId: 'review', publishes: true }),
  ],
  controllers: [
    HealthController,
    openApiController('review'),
    ReadReviewsController,
    AcknowledgeWarningsController,
    DecideWaiverController,
    ApproveLevelController,
    RequestRevisionController,
    GradeReviewController,
    ReadSignOffChainController,
    SetSignOffChainController,
    GrantDelegationController,
    RevokeDelegationController,
    ReadDelegationsController,
    ReadLocalCalendarController,
    SetLocalCalendarDayController,
    ClearLocalCalendarDayController,
    SweepDeadlinesController,
    ReadInboxController,
    MarkInboxReadController,
    SetContactController,
    SetWebhookController,
    ReadWebhookDeadLettersController,
    RetryWebhookDeadLetterController,
    ReadNotificationsController,
  ],
  providers: [
    {
      provide: EVENT_STORE,
      inject: [getDataSourceToken()],
      useFactory: (db: DataSource) => new PostgresEventStore(poolOf(db), { schema: REVIEW_SCHEMA, outboxTopic: config.kafka.topics.reviews }),
    },
    { provide: REVIEW_DB, inject: [getDataSourceToken()], useFactory: (db: DataSource) => poolOf(db) },
    { provide: RULE_CONFIG, useFactory: () => loadRuleConfig() },
    { provide: DEADLINES_CONFIG, useFactory: () => deadlinesConfig() },
    ReviewRepository,
    SignOffChainRepository,
    DelegationRepository,
    DelegationsReadModel,
    DelegationParties,
    ActingForResolver,
    LocalCalendarRepository,
    RegionCalendar,
    TaskDeadlines,
    ReviewsQueries,
    ReviewReadModel,
    SignOffChainReadModel,
    UnitNames,
    ReviewScope,
    ReviewInScope,
    ReviewWriter,
    ReviewNotifications,
    AdoptStoredChains,
    // One handler per use case, each in its folder under use-cases/ with its route and its tests.
    AcknowledgeWarningsHandler,
    DecideWaiverHandler,
    ApproveLevelHandler,
    RequestRevisionHandler,
    GradeReviewHandler,
    OpenReviewHandler,
    OpeningContextQuery,
    CancelReviewHandler,
    NotifyBatchReminderHandler,
    ListTasksHandler,
    ListReviewsHandler,
    GetReviewHandler,
    GetSignOffChainHandler,
    SetSignOffChainHandler,
    GrantDelegationHandler,
    RevokeDelegationHandler,
    ListDelegationsHandler,
    ReadLocalCalendarHandler,
    SetLocalCalendarDayHandler,
    ClearLocalCalendarDayHandler,
    SweepDeadlinesHandler,
    ReadInboxHandler,
    MarkInboxReadHandler,
    SetContactHandler,
    SetWebhookHandler,
    ReadWebhookDeadLettersHandler,
    RetryWebhookDeadLetterHandler,
    ReadNotificationsHandler,
    DeadlineNotices,
    DeadlineSweepScheduler,
    ...NOTIFICATION_PROVIDERS,
    {
      // Queue depth and failed jobs per channel on /metrics.
      provide: QueueDepths,
      inject: [NOTIFICATIONS_CONFIG, ServiceMetrics],
      useFactory: (notifications: NotificationsConfig, metrics: ServiceMetrics) => {
        const depths = new QueueDepths(notifications);
        metrics.addQueueDepths(() => depths.counts());
        return depths;
      },
    },
    SubmissionsConsumer,
    {
      provide: HEALTH_CHECKS,
      inject: [OutboxService],
      useFactory: (outbox: OutboxService): HealthCheck[] => [
        { name: 'outbox', check: async () => ({ backlog: await outbox.backlog(), deadLetters: await outbox.deadLetters() }) },
      ],
    },
  ],
})
export class AppModule {}
