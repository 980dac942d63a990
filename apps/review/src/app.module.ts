import { Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { PostgresEventStore } from '@budget/event-store';
import { type NotificationsConfig, QueueDepths } from '@budget/notifications';
import {
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
import { REVIEW_SCHEMA, ReviewRepository, SignOffChainRepository } from './infrastructure/review.repository';
import { NotificationsController } from './notifications/notifications.controller';
import { NOTIFICATION_PROVIDERS, NOTIFICATIONS_CONFIG } from './notifications/notifications.providers';
import { ReviewNotifications } from './notifications/review-notifications';
import { ReviewCommands } from './reviews/review-commands';
import { ReviewsController } from './reviews/reviews.controller';
import { loadRuleConfig, RULE_CONFIG } from './reviews/rule-config';
import { SignOffChains } from './reviews/sign-off-chains';
import { SubmissionsConsumer } from './submissions/submissions.consumer';

const config = loadConfig();

@Module({
  imports: [
    PlatformModule.forRoot('review', config),
    serviceDatabase(config, {
      schema: REVIEW_SCHEMA,
      entities: [],
      migrations: [EventStore1764200000000, ReadModels1764200000001, Notifications1764200000002, UnitNames1764200000003, OutboxEventIds1764200000004, SignOffChainEvents1764200000005],
    }),
    MessagingModule.forService({ schema: REVIEW_SCHEMA, clientId: 'review', publishes: true }),
  ],
  controllers: [HealthController, openApiController('review'), ReviewsController, NotificationsController],
  providers: [
    {
      provide: PostgresEventStore,
      inject: [getDataSourceToken()],
      useFactory: (db: DataSource) => new PostgresEventStore(poolOf(db), { schema: REVIEW_SCHEMA, outboxTopic: config.kafka.topics.reviews }),
    },
    { provide: RULE_CONFIG, useFactory: () => loadRuleConfig() },
    ReviewRepository,
    SignOffChainRepository,
    SignOffChains,
    ReviewCommands,
    ReviewNotifications,
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
