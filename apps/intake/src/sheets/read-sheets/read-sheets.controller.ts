import { Controller, Get, Param, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { type Actor, DomainError, type FieldError } from '@budget/domain';
import { CurrentActor } from '@budget/platform';
import { GetSheetEventsQuery, GetSheetQuery, ListSheetsQuery, type SheetFilter } from './read-sheets.queries';

const STATUSES = ['draft', 'submitted', 'under_review', 'revision_requested', 'approved', 'rejected'];

@Controller('sheets')
export class ReadSheetsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: Record<string, unknown>) {
    const errors: FieldError[] = [];
    const str = (k: string): string | undefined => {
      const v = query[k];
      if (v === undefined) return undefined;
      if (typeof v !== 'string' || v === '') errors.push({ field: k, message: '必须是文本' });
      return typeof v === 'string' ? v : undefined;
    };
    const int = (k: string, min: number, max: number, fallback?: number): number | undefined => {
      const v = query[k];
      if (v === undefined) return fallback;
      const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : NaN;
      if (!(n >= min && n <= max)) {
        errors.push({ field: k, message: `必须是 ${min} 到 ${max} 之间的整数` });
        return fallback;
      }
      return n;
    };
    const status = str('status');
    if (status !== undefined && !STATUSES.includes(status)) errors.push({ field: 'status', message: `状态必须是 ${STATUSES.join('、')} 之一` });
    for (const k of Object.keys(query)) {
      if (!['departmentId', 'unitId', 'status', 'fiscalYear', 'limit', 'offset'].includes(k)) errors.push({ field: k, message: '未知的查询条件' });
    }
    const filter: SheetFilter = {
      ...(str('departmentId') !== undefined ? { departmentId: str('departmentId') } : {}),
      ...(str('unitId') !== undefined ? { unitId: str('unitId') } : {}),
      ...(status !== undefined ? { status } : {}),
      ...(query.fiscalYear !== undefined ? { fiscalYear: int('fiscalYear', 2000, 2100) } : {}),
      limit: int('limit', 1, 1000, 100)!,
      offset: int('offset', 0, 10_000_000, 0)!,
    };
    if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', '查询条件有误', { fieldErrors: errors });
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
