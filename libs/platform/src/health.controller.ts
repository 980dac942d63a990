import { Controller, Get, HttpStatus, Inject, Optional, Res } from '@nestjs/common';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from './auth/decorators';
import { SERVICE_NAME } from './platform.module';

export const HEALTH_CHECKS = Symbol('HEALTH_CHECKS');
/** Extra checks a service adds (e.g. the outbox backlog); a throw marks the service down. */
export type HealthCheck = { readonly name: string; readonly check: () => Promise<Record<string, unknown> | void> };

@Controller()
export class HealthController {
  constructor(
    @Inject(SERVICE_NAME) private readonly service: string,
    private readonly dataSource: DataSource,
    @Optional() @Inject(HEALTH_CHECKS) private readonly checks: HealthCheck[] = [],
  ) {}

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
