import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { CurrentActor } from '@budget/platform';
import { ReadDepartmentsQuery } from './read-departments.query';

@Controller()
export class ReadDepartmentsController {
  constructor(private readonly queries: QueryBus) {}

  /** The departments the actor may see, with their units and fiscal years. */
  @Get('departments')
  departments(@CurrentActor() actor: Actor) {
    return this.queries.execute(new ReadDepartmentsQuery(actor));
  }
}
