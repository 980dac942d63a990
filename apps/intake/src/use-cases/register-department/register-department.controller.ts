import { Body, Controller, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { intake } from '@budget/contracts';
import { CorrelationId, CurrentActor, readBody, Roles } from '@budget/platform';
import type { DepartmentInfo } from '../../infrastructure/organisation-directory';
import { RegisterDepartmentCommand } from './register-department.command';

@Controller('departments')
export class RegisterDepartmentController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @Roles('admin')
  register(@CurrentActor() actor: Actor, @CorrelationId() correlationId: string, @Body() body: unknown): Promise<DepartmentInfo> {
    const { name } = readBody(intake.registerDepartmentBody, body);
    return this.commands.execute(new RegisterDepartmentCommand({ actor, correlationId }, name));
  }
}
