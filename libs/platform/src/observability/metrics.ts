import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The metrics of a service, in one registry of its own (not prom-client's global one, so a test can
 * build several). Names are what deploy/observability/ (dashboard and alert rules) query; a unit
 * test checks that every name used there is registered here.
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly httpDuration = new Histogram({
    name: 'budget_http_request_duration_seconds',
    help: 'HTTP request latency by route (the route pattern, not the path), method and status code',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  readonly statementsPerRequest = new Histogram({
    name: 'budget_http_statements_per_request',
    help: 'SQL statements sent to PostgreSQL while handling one HTTP request, by route',
    labelNames: ['method', 'route'] as const,
    buckets: [1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 144, 500],
    registers: [this.registry],
  });

  readonly statements = new Counter({
    name: 'budget_db_statements_total',
    help: 'SQL statements sent to PostgreSQL by this process (HTTP, consumers, relay, workers)',
    labelNames: ['origin'] as const,
    registers: [this.registry],
  });

  readonly outboxBacklog = new Gauge({
    name: 'budget_outbox_backlog',
    help: 'Events written but not yet published to Kafka (rows in the outbox)',
    registers: [this.registry],
  });

  readonly outboxOldestAge = new Gauge({
    name: 'budget_outbox_oldest_age_seconds',
    help: 'Age of the oldest event waiting in the outbox (0 when empty)',
    registers: [this.registry],
  });

  readonly outboxPublishFailures = new Counter({
    name: 'budget_outbox_publish_failures_total',
    help: 'Failed attempts of the outbox relay to publish a batch, by reason (kafka, postgres, other); the batch stays in the outbox and is retried',
    labelNames: ['reason'] as const,
    registers: [this.registry],
  });

  readonly consumerLag = new Gauge({
    name: 'budget_consumer_lag',
    help: 'Messages of a partition not yet committed by a consumer group (high watermark minus committed offset)',
    labelNames: ['group', 'topic', 'partition'] as const,
    registers: [this.registry],
  });

  readonly deadLetters = new Gauge({
    name: 'budget_dead_letters',
    help: 'Messages a consumer could not handle, waiting to be replayed',
    labelNames: ['consumer'] as const,
    registers: [this.registry],
  });

  readonly notificationQueue = new Gauge({
    name: 'budget_notification_queue_jobs',
    help: 'Notification delivery jobs in BullMQ by channel queue and state (waiting, active, delayed, failed)',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly chainVerifications = new Counter({
    name: 'budget_chain_verifications_total',
    help: 'Hash-chain verifications run by this process, by result (ok or broken)',
    labelNames: ['result'] as const,
    registers: [this.registry],
  });

  readonly collectErrors = new Counter({
    name: 'budget_metrics_collect_errors_total',
    help: 'Failures to read a metric source at scrape time (PostgreSQL, Kafka or Redis unreachable)',
    labelNames: ['source'] as const,
    registers: [this.registry],
  });

  private readonly sources = new Map<string, () => Promise<void>>();

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    // Process CPU, memory, event-loop lag, GC: what the HPA and the resource requests are checked against.
    collectDefaultMetrics({ register: this.registry });
  }

  /** A gauge refreshed at scrape time (`refresh` sets it); a source that fails or hangs leaves its last values. */
  addSource(name: string, refresh: () => Promise<void>): void {
    this.sources.set(name, refresh);
  }

  /** Notification queue depths from `read` (the notifications library's QueueDepths in the review service). */
  addQueueDepths(read: () => Promise<readonly { queue: string; state: string; count: number }[]>): void {
    this.addSource('notification-queues', async () => {
      for (const d of await read()) this.notificationQueue.set({ queue: d.queue, state: d.state }, d.count);
    });
  }

  /** The exposition text, with every source read first (at most `timeoutMs` each, in parallel). */
  async scrape(timeoutMs = 5_000): Promise<string> {
    await Promise.all(
      [...this.sources].map(async ([source, refresh]) => {
        let timer: NodeJS.Timeout | undefined;
        try {
          await Promise.race([refresh(), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${source}: no answer in ${timeoutMs} ms`)), timeoutMs)))]);
        } catch {
          this.collectErrors.inc({ source });
        } finally {
          clearTimeout(timer);
        }
      }),
    );
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
