import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { readBody } from '@budget/platform';
import { InScopeActionRequest, ReviewAction, type ReviewActionRequest } from '../../reviews/review-scope';
import { type ReviewView } from '../../reviews/review-view';
import { DecideWaiverCommand } from './decide-waiver.handler';

@Controller()
export class DecideWaiverController {
  constructor(private readonly commands: CommandBus) {}

  @ReviewAction('waivers')
  waive(@InScopeActionRequest() req: ReviewActionRequest): Promise<ReviewView> {
    const { expectedVersion, actingFor, ...decision } = readBody(review.decideWaiverBody, req.body ?? {}, { ifMatch: req.ifMatch });
    return this.commands.execute(new DecideWaiverCommand(req.ctx, req.reviewId, expectedVersion, decision, actingFor));
  }
}
