import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import {
  NotificationDispatcher,
  NotificationInbox,
  type NotificationsConfig,
  NotificationWorkers,
  Notifier,
  PostgresRecipientDirectory,
} from '@budget/notifications';
import { nestLogger, PLATFORM_CONFIG, type PlatformConfig, poolOf } from '@budget/platform';
import type { DataSource } from 'typeorm';
import { notificationsConfig } from './notifications.config';
import { NOTIFIER, RECIPIENT_DIRECTORY } from './review-notifications';

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

/** Moves committed requests to BullMQ and works the three channels, for as long as the service runs. */
@Injectable()
export class NotificationPipeline implements OnApplicationBootstrap, OnApplicationShutdown {
  private dispatcher: NotificationDispatcher | undefined;
  private workers: NotificationWorkers | undefined;

  constructor(
    @Inject(getDataSourceToken()) private readonly db: DataSource,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
    private readonly directory: PostgresRecipientDirectory,
  ) {}

  onApplicationBootstrap(): void {
    const pool = poolOf(this.db);
    this.dispatcher = new NotificationDispatcher(pool, this.config, { logger: nestLogger('NotificationDispatcher') });
    this.workers = new NotificationWorkers(pool, this.directory, this.config, { logger: nestLogger('NotificationWorkers') });
    this.dispatcher.start();
    this.workers.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.dispatcher?.stop();
    await this.workers?.stop();
  }
}

export const NOTIFICATION_PROVIDERS: Provider[] = [
  { provide: NOTIFICATIONS_CONFIG, inject: [PLATFORM_CONFIG], useFactory: (platform: PlatformConfig) => notificationsConfig(platform) },
  {
    provide: PostgresRecipientDirectory,
    inject: [getDataSourceToken(), NOTIFICATIONS_CONFIG],
    useFactory: (db: DataSource, config: NotificationsConfig) => new PostgresRecipientDirectory(poolOf(db), { schema: config.schema }),
  },
  { provide: RECIPIENT_DIRECTORY, useExisting: PostgresRecipientDirectory },
  {
    provide: NOTIFIER,
    inject: [getDataSourceToken(), PostgresRecipientDirectory, NOTIFICATIONS_CONFIG],
    useFactory: (db: DataSource, directory: PostgresRecipientDirectory, config: NotificationsConfig) => new Notifier(poolOf(db), directory, config),
  },
  {
    provide: NotificationInbox,
    inject: [getDataSourceToken(), NOTIFICATIONS_CONFIG],
    useFactory: (db: DataSource, config: NotificationsConfig) => new NotificationInbox(poolOf(db), { schema: config.schema }),
  },
  NotificationPipeline,
];
