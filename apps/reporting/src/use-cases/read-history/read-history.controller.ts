import { Controller, Get, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { CurrentActor } from '@budget/platform';
import { ReadDepartmentHistoryQuery, ReadSheetHistoryQuery } from './read-history.query';

@Controller()
export class ReadHistoryController {
  constructor(private readonly queries: QueryBus) {}

  /** The history of one sheet: every event of it and of its reviews, field by field. */
  @Get('sheets/:sheetId/history')
  history(@CurrentActor() actor: Actor, @Param('sheetId') sheetId: string) {
    return this.queries.execute(new ReadSheetHistoryQuery(actor, sheetId));
  }

  /** The department's own history: registration, units, and who changed its sign-off chain when. */
  @Get('departments/:departmentId/history')
  departmentHistory(@CurrentActor() actor: Actor, @Param('departmentId') departmentId: string) {
    return this.queries.execute(new ReadDepartmentHistoryQuery(actor, departmentId));
  }
}
