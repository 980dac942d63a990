import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { CurrentRequest, readBody, type RequestContext, Roles } from '@budget/platform';
import { type DelegationView } from '../../delegations/delegations.read-model';
import { REVIEWER_ROLES } from '../../reviews/review-scope';
import { RevokeDelegationCommand } from './revoke-delegation.handler';

@Controller()
export class RevokeDelegationController {
  constructor(private readonly commands: CommandBus) {}

  @Post('delegations/:delegationId/revoke')
  @HttpCode(200)
  @Roles(...REVIEWER_ROLES, 'admin')
  revoke(@CurrentRequest() ctx: RequestContext, @Param('delegationId') delegationId: string, @Body() body: unknown): Promise<DelegationView> {
    const { reason } = readBody(review.revokeDelegationBody, body ?? {});
    return this.commands.execute(new RevokeDelegationCommand(ctx, delegationId, reason));
  }
}
