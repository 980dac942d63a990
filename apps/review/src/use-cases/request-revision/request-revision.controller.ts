import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { readBody } from '@budget/platform';
import { InScopeActionRequest, ReviewAction, type ReviewActionRequest } from '../../reviews/review-scope';
import { type ReviewView } from '../../reviews/review-view';
import { RequestRevisionCommand } from './request-revision.handler';

@Controller()
export class RequestRevisionController {
  constructor(private readonly commands: CommandBus) {}

  @ReviewAction('request-revision')
  requestRevision(@InScopeActionRequest() req: ReviewActionRequest): Promise<ReviewView> {
    const { expectedVersion, comments, actingFor } = readBody(review.requestRevisionBody, req.body ?? {}, { ifMatch: req.ifMatch });
    return this.commands.execute(new RequestRevisionCommand(req.ctx, req.reviewId, expectedVersion, comments, actingFor));
  }
}
