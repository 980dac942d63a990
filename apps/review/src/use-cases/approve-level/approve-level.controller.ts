import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { readBody } from '@budget/platform';
import { InScopeActionRequest, ReviewAction, type ReviewActionRequest } from '../../reviews/review-scope';
import { type ReviewView } from '../../reviews/review-view';
import { ApproveLevelCommand } from './approve-level.handler';

@Controller()
export class ApproveLevelController {
  constructor(private readonly commands: CommandBus) {}

  @ReviewAction('approve')
  approve(@InScopeActionRequest() req: ReviewActionRequest): Promise<ReviewView> {
    const { expectedVersion, comments, actingFor } = readBody(review.approveBody, req.body ?? {}, { ifMatch: req.ifMatch });
    return this.commands.execute(new ApproveLevelCommand(req.ctx, req.reviewId, expectedVersion, comments, actingFor));
  }
}
