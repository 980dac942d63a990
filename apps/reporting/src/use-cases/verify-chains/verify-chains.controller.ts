import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { CurrentActor, Roles } from '@budget/platform';
import { VerifyChainsQuery } from './verify-chains.query';

@Controller()
export class VerifyChainsController {
  constructor(private readonly queries: QueryBus) {}

  /** The hash chains of every stream in the live copy; the first broken link if any. */
  @Get('verify')
  @Roles('auditor', 'finance_reviewer', 'admin')
  verify(@CurrentActor() actor: Actor) {
    return this.queries.execute(new VerifyChainsQuery(actor));
  }
}
