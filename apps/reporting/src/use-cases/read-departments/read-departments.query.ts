import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { ReportService } from '../../reports/report.service';

type Departments = Awaited<ReturnType<ReportService['departments']>>;

/** The departments the actor may see, with their units and fiscal years. */
export class ReadDepartmentsQuery extends Query<{ items: Departments }> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(ReadDepartmentsQuery)
export class ReadDepartmentsHandler implements IQueryHandler<ReadDepartmentsQuery> {
  constructor(private readonly reports: ReportService) {}

  async execute(q: ReadDepartmentsQuery): Promise<{ items: Departments }> {
    return { items: await this.reports.departments(q.actor) };
  }
}
