import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { intake } from '@budget/contracts';
import { CurrentRequest, type RequestContext, readBody, Roles } from '@budget/platform';
import { type BatchReminderResult, SendBatchReminderCommand } from './send-batch-reminder.command';

@Controller('departments/:departmentId/batch-reminders')
export class SendBatchReminderController {
  constructor(private readonly commands: CommandBus) {}

  /** 催办 to every unit of the department with open drafts of the year. */
  @Post()
  @HttpCode(200)
  @Roles('department_reviewer')
  send(@CurrentRequest() request: RequestContext, @Param('departmentId') departmentId: string, @Body() body: unknown): Promise<BatchReminderResult> {
    const { fiscalYear, deadline, message, batchId } = readBody(intake.sendBatchReminderBody, body ?? {});
    return this.commands.execute(
      new SendBatchReminderCommand(request, departmentId, { fiscalYear, deadline, ...(message !== undefined ? { message } : {}), ...(batchId !== undefined ? { batchId } : {}) }),
    );
  }
}
