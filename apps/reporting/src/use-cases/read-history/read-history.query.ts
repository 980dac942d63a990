import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { AuditService } from '../../audit/audit.service';

type SheetHistory = Awaited<ReturnType<AuditService['history']>>;
type DepartmentHistory = Awaited<ReturnType<AuditService['departmentHistory']>>;

/** The history of one sheet: every event of it and of its reviews, field by field. */
export class ReadSheetHistoryQuery extends Query<SheetHistory> {
  constructor(
    readonly actor: Actor,
    readonly sheetId: string,
  ) {
    super();
  }
}

/** The department's own history: registration, units, and who changed its sign-off chain when. */
export class ReadDepartmentHistoryQuery extends Query<DepartmentHistory> {
  constructor(
    readonly actor: Actor,
    readonly departmentId: string,
  ) {
    super();
  }
}

@QueryHandler(ReadSheetHistoryQuery)
export class ReadSheetHistoryHandler implements IQueryHandler<ReadSheetHistoryQuery> {
  constructor(private readonly audit: AuditService) {}

  execute(q: ReadSheetHistoryQuery): Promise<SheetHistory> {
    return this.audit.history(q.actor, q.sheetId);
  }
}

@QueryHandler(ReadDepartmentHistoryQuery)
export class ReadDepartmentHistoryHandler implements IQueryHandler<ReadDepartmentHistoryQuery> {
  constructor(private readonly audit: AuditService) {}

  execute(q: ReadDepartmentHistoryQuery): Promise<DepartmentHistory> {
    return this.audit.departmentHistory(q.actor, q.departmentId);
  }
}
