import { Controller, Get, HttpStatus, Inject, type OnApplicationShutdown, Optional, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Admin } from 'kafkajs';
import { DataSource } from 'typeorm';
import type { KafkaConnection } from '@budget/messaging';
import { Public } from './auth/decorators';
import { KAFKA } from './messaging/tokens';
import { SERVICE_NAME } from './platform.module';

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
/** Extra checks a service adds (e.g. the outbox backlog); a throw marks the service down. */
export type HealthCheck = { readonly name: string; readonly check: () => Promise<Record<string, unknown> | void> };

@Controller()
export class HealthController implements OnApplicationShutdown {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly dataSource: DataSource,
    @Optional() @Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[] = [],
    @Optional() @Inject(KAFKA) private readonly kafka?: KafkaConnection,
  ) {}

  private admin: Promise<Admin> | undefined;

  /**
   * Liveness: the process answers. Nothing outside it is asked: a PostgreSQL or Kafka outage must
   * not have the orchestrator restart every replica (that loses the batch in hand, and fixes nothing).
   */
  @Public()
  @Get('live')
  live(): { status: 'up' } {
    return { status: 'up' };
  }

  /**
   * Readiness: may this replica take requests. PostgreSQL is required (every command and query
   * needs it). Kafka is reported but does not make the replica unready: commands never wait for
   * Kafka (events wait in the outbox), so taking traffic away during a broker outage would stop
   * people working for nothing. Causes are not shown (unauthenticated route); /health and the logs have them.
   */
  @Public()
  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    let database = true;
    try {
      await this.dataSource.query('SELECT 1');
    } catch {
      database = false;
    }
    const kafka = this.kafka === undefined ? 'absent' : (await this.kafkaReachable()) ? 'up' : 'down';
    res.status(database ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ status: database ? 'ready' : 'unready', postgres: database ? 'up' : 'down', kafka });
  }

  private async kafkaReachable(): Promise<boolean> {
    const kafka = this.kafka!;
    this.admin ??= (async () => {
      const admin = kafka.admin();
      await admin.connect();
      return admin;
    })();
    const admin = this.admin;
    try {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), 2_000)));
      try {
        await Promise.race([admin.then((a) => a.describeCluster()), timeout]);
      } finally {
        clearTimeout(timer);
      }
      return true;
    } catch {
      // A fresh admin client next time: kafkajs does not always recover one after a broker restart.
      this.admin = undefined;
      void admin.then((a) => a.disconnect()).catch(() => undefined);
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  @Public()
  @Get('health')
  async health(@Res() res: Response): Promise<void> {
    const results: Record<string, unknown> = {};
    let up = true;
    try {
      await this.dataSource.query('SELECT 1');
      results.postgres = { status: 'up' };
    } catch (e) {
      up = false;
      results.postgres = { status: 'down', error: (e as Error).message };
    }
    for (const c of this.checks) {
      try {
        results[c.name] = { status: 'up', ...((await c.check()) ?? {}) };
      } catch (e) {
        up = false;
        results[c.name] = { status: 'down', error: (e as Error).message };
      }
    }
    res.status(up ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({ service: this.service, status: up ? 'up' : 'down', checks: results });
  }
}
