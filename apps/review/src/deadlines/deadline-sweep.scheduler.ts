import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type NotificationsConfig, redisOptions } from '@budget/notifications';
import { nestLogger } from '@budget/platform';
import { Queue, Worker } from 'bullmq';
import { NOTIFICATIONS_CONFIG } from '../notifications/notifications.providers';
import { SweepDeadlinesCommand } from '../use-cases/sweep-deadlines/sweep-deadlines.handler';
import { DEADLINES_CONFIG, type DeadlinesConfig } from './deadlines.config';

export const DEADLINE_SWEEP_QUEUE = 'deadline-sweep';
const SCHEDULER_ID = 'deadline-sweep';

/**
 * The deadline sweep as a BullMQ job scheduler: every replica upserts the same scheduler id and
 * runs a worker, and BullMQ makes one job per tick, taken by one worker, whatever the number of
 * replicas. A run that overlaps another (a slow tick, a manual sweep) records nothing twice: the
 * notices have deterministic ids and are appended at the version read.
 */
@Injectable()
export class DeadlineSweepScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = nestLogger('DeadlineSweep');
  private queue: Queue | undefined;
  private worker: Worker | undefined;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly commands: CommandBus,
    @Inject(DEADLINES_CONFIG) private readonly config: DeadlinesConfig,
    @Inject(NOTIFICATIONS_CONFIG) private readonly notifications: NotificationsConfig,
  ) {}

  onApplicationBootstrap(): void {
    const prefix = this.notifications.queuePrefix;
    this.queue = new Queue(DEADLINE_SWEEP_QUEUE, { connection: redisOptions(this.notifications, 'producer'), prefix });
    this.queue.on('error', (e) => this.logger('warn', 'deadline sweep queue: Redis error; the schedule waits until it is back', { error: e.message }));
    this.worker = new Worker(
      DEADLINE_SWEEP_QUEUE,
      async (job) => {
        const result = await this.commands.execute(new SweepDeadlinesCommand(new Date().toISOString(), `deadline-sweep:${job.id ?? 'tick'}`));
        if (result.reminded + result.escalated + result.flagged.length > 0) this.logger('info', 'deadline sweep', { ...result, flagged: result.flagged.length });
        return { reminded: result.reminded, escalated: result.escalated };
      },
      { connection: redisOptions(this.notifications, 'worker'), prefix, concurrency: 1 },
    );
    this.worker.on('error', (e) => this.logger('warn', 'deadline sweep worker: Redis error', { error: e.message }));
    this.worker.on('failed', (_job, e) => this.logger('error', 'deadline sweep failed; the next tick tries again', { error: e.message }));
    void this.schedule();
  }

  /** Redis may be away at start: the schedule is set as soon as it answers. */
  private async schedule(): Promise<void> {
    try {
      await this.queue?.upsertJobScheduler(SCHEDULER_ID, { every: this.config.sweepEveryMs }, { name: 'sweep', opts: { removeOnComplete: 100, removeOnFail: 100 } });
    } catch (e) {
      this.logger('warn', 'deadline sweep: could not set the schedule yet', { error: (e as Error).message });
      this.retry = setTimeout(() => void this.schedule(), Math.min(this.config.sweepEveryMs, 10_000));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.retry) clearTimeout(this.retry);
    await this.worker?.close();
    await this.queue?.close();
  }
}
