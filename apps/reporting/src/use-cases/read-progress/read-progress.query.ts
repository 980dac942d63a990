import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor, type ProgressFilter } from '@budget/domain';
import { ReportService } from '../../reports/report.service';
import { progressView } from '../../reports/table-view';

type Progress = Omit<Awaited<ReturnType<ReportService['progress']>>, 'items'> & { readonly items: ReturnType<typeof progressView>[] };

/** Every sheet in the caller's scope with its status and where it waits. */
export class ReadProgressQuery extends Query<Progress> {
  constructor(
    readonly actor: Actor,
    readonly filter: ProgressFilter,
  ) {
    super();
  }
}

@QueryHandler(ReadProgressQuery)
export class ReadProgressHandler implements IQueryHandler<ReadProgressQuery> {
  constructor(private readonly reports: ReportService) {}

  async execute(q: ReadProgressQuery): Promise<Progress> {
    const result = await this.reports.progress(q.actor, q.filter);
    return { ...result, items: result.items.map(progressView) };
  }
}
