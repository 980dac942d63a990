import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { readBody } from '@budget/platform';
import { InScopeActionRequest, ReviewAction, type ReviewActionRequest } from '../../reviews/review-scope';
import { type ReviewView } from '../../reviews/review-view';
import { AcknowledgeWarningsCommand } from './acknowledge-warnings.handler';

@Controller()
export class AcknowledgeWarningsController {
  constructor(private readonly commands: CommandBus) {}

  @ReviewAction('acknowledge-warnings')
  acknowledge(@InScopeActionRequest() req: ReviewActionRequest): Promise<ReviewView> {
    const { expectedVersion, findingKeys, actingFor } = readBody(review.acknowledgeWarningsBody, req.body ?? {}, { ifMatch: req.ifMatch });
    return this.commands.execute(new AcknowledgeWarningsCommand(req.ctx, req.reviewId, expectedVersion, findingKeys, actingFor));
  }
}
