import { Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { review } from '@budget/contracts';
import { readBody } from '@budget/platform';
import { InScopeActionRequest, ReviewAction, type ReviewActionRequest } from '../../reviews/review-scope';
import { type ReviewView } from '../../reviews/review-view';
import { GradeReviewCommand } from './grade-review.handler';

@Controller()
export class GradeReviewController {
  constructor(private readonly commands: CommandBus) {}

  @ReviewAction('grade')
  grade(@InScopeActionRequest() req: ReviewActionRequest): Promise<ReviewView> {
    const { expectedVersion, actingFor, ...grading } = readBody(review.gradeBody, req.body ?? {}, { ifMatch: req.ifMatch });
    return this.commands.execute(new GradeReviewCommand(req.ctx, req.reviewId, expectedVersion, grading, actingFor));
  }
}
