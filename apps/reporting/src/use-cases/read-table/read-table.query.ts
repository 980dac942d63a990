import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { tableChecksum } from '@budget/table-files';
import { describeAsOf } from '../../reports/as-of';
import { type BuiltTable, ReportService, type TableRequest } from '../../reports/report.service';
import { headView, tableView } from '../../reports/table-view';

/** What GET /table answers for a built table. */
export function tableAnswer(built: BuiltTable) {
  return {
    generation: built.generation,
    requested: describeAsOf(built.asOf),
    asOf: built.table.asOf,
    restrictedToUnit: built.restrictedToUnit,
    checksum: tableChecksum(built.table),
    ...tableView(built.table),
    chainHeads: built.chainHeads.map(headView),
    ...(built.verification ? { chainVerification: built.verification } : {}),
  };
}
type TableAnswer = ReturnType<typeof tableAnswer>;

/** The consolidated table as JSON, now or as of a moment, within the actor's scope. */
export class ReadTableQuery extends Query<TableAnswer> {
  constructor(
    readonly actor: Actor,
    readonly request: TableRequest,
  ) {
    super();
  }
}

@QueryHandler(ReadTableQuery)
export class ReadTableHandler implements IQueryHandler<ReadTableQuery> {
  constructor(private readonly reports: ReportService) {}

  async execute(q: ReadTableQuery): Promise<TableAnswer> {
    return tableAnswer(await this.reports.table(q.actor, q.request));
  }
}
