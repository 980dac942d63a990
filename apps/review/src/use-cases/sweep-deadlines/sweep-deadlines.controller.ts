import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { DomainError } from '@budget/domain';
import { CurrentRequest, isDevelopmentMode, readBody, type RequestContext, Roles } from '@budget/platform';
import { SweepDeadlinesCommand, type SweepResult } from './sweep-deadlines.handler';

export const SWEEP_AT_REFUSED = '只有开发或测试环境可以指定督办时间';

/**
 * Runs the deadline sweep now (an admin who will not wait for the next tick). `at` sweeps as of
 * another moment, for tests only: honoured when NODE_ENV is development or test, refused
 * otherwise. A route rather than a clock offset for the process: only the sweep's decision moves,
 * never the time of the events, tokens or anything else, and a production process cannot be
 * started into a wrong clock by a stray variable.
 */
@Controller()
export class SweepDeadlinesController {
  constructor(private readonly commands: CommandBus) {}

  @Post('deadlines/sweep')
  @HttpCode(200)
  @Roles('admin')
  sweep(@CurrentRequest() ctx: RequestContext, @Body() body: unknown): Promise<SweepResult> {
    const { at } = readBody(review.sweepDeadlinesBody, body ?? {});
    if (at !== undefined && !isDevelopmentMode()) throw new DomainError('FORBIDDEN', SWEEP_AT_REFUSED, { fieldErrors: [{ field: 'at', message: SWEEP_AT_REFUSED }] });
    return this.commands.execute(new SweepDeadlinesCommand(at ?? new Date().toISOString(), ctx.correlationId));
  }
}
