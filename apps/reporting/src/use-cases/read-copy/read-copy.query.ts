import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor, DomainError } from '@budget/domain';
import { REPORTING_CONSUMER } from '../../consumer/report-log.consumer';
import { Generations } from '../../infrastructure/generations.repository';
import { ReportQueries } from '../../infrastructure/report-queries';
import { ReportService } from '../../reports/report.service';

type CopyStatus = Awaited<ReturnType<ReportService['status']>> & { readonly deadLetters: number };

export interface CopiedEventsPage {
  readonly generation: number;
  readonly items: readonly { readonly position: string; readonly sourcePosition: unknown; readonly event: unknown }[];
  readonly next: string | null;
}

/** The copy: its generation, last position, event count and time span; the dead letters waiting. */
export class ReadCopyStatusQuery extends Query<CopyStatus> {}

/** The copy itself, page by page in its own order: every event as received, with its position. */
export class ReadCopiedEventsQuery extends Query<CopiedEventsPage> {
  constructor(
    readonly actor: Actor,
    readonly page: { readonly after: string; readonly limit: number; readonly streamId?: string; readonly subject?: string },
  ) {
    super();
  }
}

@QueryHandler(ReadCopyStatusQuery)
export class ReadCopyStatusHandler implements IQueryHandler<ReadCopyStatusQuery> {
  constructor(
    private readonly reports: ReportService,
    private readonly queries: ReportQueries,
  ) {}

  async execute(): Promise<CopyStatus> {
    const status = await this.reports.status();
    return { ...status, deadLetters: await this.queries.deadLetterCount(REPORTING_CONSUMER) };
  }
}

@QueryHandler(ReadCopiedEventsQuery)
export class ReadCopiedEventsHandler implements IQueryHandler<ReadCopiedEventsQuery> {
  constructor(
    private readonly generations: Generations,
    private readonly queries: ReportQueries,
  ) {}

  async execute({ actor, page }: ReadCopiedEventsQuery): Promise<CopiedEventsPage> {
    // The raw copy holds every department: a finance desk assigned to some of them reads tables, not the log.
    if (actor.departmentIds !== undefined && actor.role === 'finance_reviewer') throw new DomainError('FORBIDDEN', '只负责部分部门的财政审核人不能查看完整事件日志');
    const generation = await this.generations.active();
    const items = [];
    for await (const row of this.queries.copiedEvents(generation, {
      after: page.after,
      pageSize: page.limit,
      ...(page.streamId !== undefined ? { streamIds: [page.streamId] } : {}),
      ...(page.subject !== undefined ? { subject: page.subject } : {}),
    })) {
      items.push({ position: row.position, sourcePosition: row.sourcePosition, event: row.envelope });
      if (items.length === page.limit) break;
    }
    return { generation, items, next: items.length === page.limit ? items[items.length - 1]!.position : null };
  }
}
