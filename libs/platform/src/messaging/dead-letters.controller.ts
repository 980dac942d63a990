import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { deadLetters as contract } from '@budget/contracts';
import { listDeadLetters } from '@budget/messaging';
import { Roles } from '../auth/decorators';
import { readBody, readQuery } from '../http/contract';
import { ConsumerHost } from './consumer-host';

/**
 * The messages this service's consumers could not handle (a malformed message, an event the
 * projection cannot apply, a bug): listed for auditors and admins, replayed by an admin once the
 * cause is fixed. Replaying runs the consumer's own handler with its de-duplication, so an event
 * that was applied meanwhile is not applied twice.
 */
@Controller('dead-letters')
export class DeadLettersController {
  constructor(private readonly consumers: ConsumerHost) {}

  /** Newest first; the live consumers' by default, every consumer's (rebuilds too) with all=true. */
  @Get()
  @Roles('auditor', 'admin')
  async list(@Query() query: unknown) {
    const q = readQuery(contract.deadLettersQuery, query);
    const items = await listDeadLetters(this.consumers.pool, this.consumers.schema, {
      limit: q.limit ?? 100,
      ...(q.all ? {} : { consumers: this.consumers.names() }),
    });
    return { items };
  }

  @Post('replay')
  @HttpCode(200)
  @Roles('admin')
  async replay(@Body() body: unknown) {
    const { consumer } = readBody(contract.replayDeadLettersBody, body ?? {});
    return { results: await this.consumers.replay(consumer) };
  }
}
