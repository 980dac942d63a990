import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { diffPublished, publicationList } from '@budget/domain';
import { PublicationRepository } from '../../infrastructure/publications.repository';
import { ReportService } from '../../reports/report.service';
import { DiffPublicationsQuery, ListPublicationsQuery } from './read-publications.queries';

/** Whoever may read the department's table may read what it published. */
@QueryHandler(ListPublicationsQuery)
export class ListPublicationsHandler implements IQueryHandler<ListPublicationsQuery> {
  constructor(
    private readonly reports: ReportService,
    private readonly publications: PublicationRepository,
  ) {}

  async execute({ actor, departmentId, fiscalYear }: ListPublicationsQuery) {
    const department = await this.reports.readableDepartment(actor, departmentId);
    const { state } = await this.publications.load(department.departmentId, fiscalYear);
    return { departmentId: department.departmentId, fiscalYear, items: publicationList(state) };
  }
}

@QueryHandler(DiffPublicationsQuery)
export class DiffPublicationsHandler implements IQueryHandler<DiffPublicationsQuery> {
  constructor(
    private readonly reports: ReportService,
    private readonly publications: PublicationRepository,
  ) {}

  async execute({ actor, departmentId, fiscalYear, from, to }: DiffPublicationsQuery) {
    const department = await this.reports.readableDepartment(actor, departmentId);
    const { state } = await this.publications.load(department.departmentId, fiscalYear);
    return { departmentId: department.departmentId, fiscalYear, fromVersion: from, toVersion: to, ...diffPublished(state, from, to) };
  }
}
