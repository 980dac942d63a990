import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { CurrentRequest, readBody, type RequestContext, Roles } from '@budget/platform';
import { type DelegationView } from '../../delegations/delegations.read-model';
import { REVIEWER_ROLES } from '../../reviews/review-scope';
import { GrantDelegationCommand } from './grant-delegation.handler';

@Controller()
export class GrantDelegationController {
  constructor(private readonly commands: CommandBus) {}

  @Post('delegations')
  @HttpCode(201)
  @Roles(...REVIEWER_ROLES, 'admin')
  grant(@CurrentRequest() ctx: RequestContext, @Body() body: unknown): Promise<DelegationView> {
    const request = readBody(review.grantDelegationBody, body ?? {});
    return this.commands.execute(new GrantDelegationCommand(ctx, request));
  }
}
