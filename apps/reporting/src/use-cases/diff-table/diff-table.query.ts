import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { type DiffRequest, ReportService } from '../../reports/report.service';

type TableDifference = Awaited<ReturnType<ReportService['diff']>>;

/** What changed in the table between two moments, within the actor's scope. */
export class DiffTableQuery extends Query<TableDifference> {
  constructor(
    readonly actor: Actor,
    readonly request: DiffRequest,
  ) {
    super();
  }
}

@QueryHandler(DiffTableQuery)
export class DiffTableHandler implements IQueryHandler<DiffTableQuery> {
  constructor(private readonly reports: ReportService) {}

  execute(q: DiffTableQuery): Promise<TableDifference> {
    return this.reports.diff(q.actor, q.request);
  }
}
