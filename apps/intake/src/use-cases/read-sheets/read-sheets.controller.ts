import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { intake } from '@budget/contracts';
import { type Actor } from '@budget/domain';
import { CurrentActor, readQuery } from '@budget/platform';
import { GetSheetEventsQuery, GetSheetQuery, ListSheetsQuery, type SheetFilter } from './read-sheets.queries';

@Controller('sheets')
export class ReadSheetsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const { departmentId, unitId, status, fiscalYear, limit, offset } = readQuery(intake.listSheetsQuery, query, '查询条件有误');
    const filter: SheetFilter = {
      ...(departmentId !== undefined ? { departmentId } : {}),
      ...(unitId !== undefined ? { unitId } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(fiscalYear !== undefined ? { fiscalYear } : {}),
      limit: limit ?? 100,
      offset: offset ?? 0,
    };
    return this.queries.execute(new ListSheetsQuery(actor, filter));
  }

  @Get(':sheetId')
  get(@CurrentActor() actor: Actor, @Param('sheetId') sheetId: string) {
    return this.queries.execute(new GetSheetQuery(actor, sheetId));
  }

  @Get(':sheetId/events')
  events(@CurrentActor() actor: Actor, @Param('sheetId') sheetId: string) {
    return this.queries.execute(new GetSheetEventsQuery(actor, sheetId));
  }
}
