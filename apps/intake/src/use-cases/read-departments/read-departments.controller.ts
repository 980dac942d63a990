import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { CurrentActor } from '@budget/platform';
import type { DepartmentInfo } from '../../infrastructure/organisation-directory';
import { GetDepartmentQuery, ListDepartmentsQuery } from './read-departments.queries';

@Controller('departments')
export class ReadDepartmentsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentActor() actor: Actor): Promise<{ items: DepartmentInfo[] }> {
    return this.queries.execute(new ListDepartmentsQuery(actor));
  }

  @Get(':departmentId')
  get(@CurrentActor() actor: Actor, @Param('departmentId') departmentId: string): Promise<DepartmentInfo> {
    return this.queries.execute(new GetDepartmentQuery(actor, departmentId));
  }
}
