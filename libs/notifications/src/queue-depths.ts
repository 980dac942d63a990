import { Queue } from 'bullmq';
import { type NotificationsConfig } from './config';
import { queueName, redisOptions } from './queues';
import { CHANNELS } from './types';

/** States whose counts operators watch: work waiting, in hand, scheduled, and given up. */
export const WATCHED_JOB_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

export interface QueueDepth {
  readonly queue: string;
  readonly state: (typeof WATCHED_JOB_STATES)[number];
  readonly count: number;
}

/** Reads the job counts of the three channel queues (for /metrics); its own producer-style connections, which fail fast. */
export class QueueDepths {
  private readonly queues: Queue[];

  constructor(config: NotificationsConfig) {
    this.queues = CHANNELS.map((channel) => new Queue(queueName(channel), { connection: redisOptions(config, 'producer'), prefix: config.queuePrefix }));
  }

  async counts(): Promise<QueueDepth[]> {
    const depths: QueueDepth[] = [];
    for (const queue of this.queues) {
      await queue.waitUntilReady();
      const counts = await queue.getJobCounts(...WATCHED_JOB_STATES);
      for (const state of WATCHED_JOB_STATES) depths.push({ queue: queue.name, state, count: counts[state] ?? 0 });
    }
    return depths;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.map((q) => q.close().catch(() => undefined)));
  }
}
