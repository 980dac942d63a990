import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { diffPublished } from '@budget/domain';
import { PublicationRepository } from '../../infrastructure/publications.repository';
import { ReportService } from '../../reports/report.service';
import { diffInScope, publicationListInScope, PublicationScope } from '../publication-scope';
import { DiffPublicationsQuery, ListPublicationsQuery } from './read-publications.queries';

/** Whoever may read the department's table may read what it published; a unit user learns nothing of its neighbours' sheets besides the public rows. */
@QueryHandler(ListPublicationsQuery)
export class ListPublicationsHandler implements IQueryHandler<ListPublicationsQuery> {
  constructor(
    private readonly reports: ReportService,
    private readonly publications: PublicationRepository,
    private readonly scope: PublicationScope,
  ) {}

  async execute({ actor, departmentId, fiscalYear }: ListPublicationsQuery) {
    const department = await this.reports.readableDepartment(actor, departmentId);
    const { state } = await this.publications.load(department.departmentId, fiscalYear);
    const reader = await this.scope.of(actor, department.departmentId, fiscalYear);
    return { departmentId: department.departmentId, fiscalYear, items: publicationListInScope(state, reader) };
  }
}

@QueryHandler(DiffPublicationsQuery)
export class DiffPublicationsHandler implements IQueryHandler<DiffPublicationsQuery> {
  constructor(
    private readonly reports: ReportService,
    private readonly publications: PublicationRepository,
    private readonly scope: PublicationScope,
  ) {}

  async execute({ actor, departmentId, fiscalYear, from, to }: DiffPublicationsQuery) {
    const department = await this.reports.readableDepartment(actor, departmentId);
    const { state } = await this.publications.load(department.departmentId, fiscalYear);
    const diff = diffPublished(state, from, to);
    const reader = await this.scope.of(actor, department.departmentId, fiscalYear);
    return { departmentId: department.departmentId, fiscalYear, fromVersion: from, toVersion: to, ...diffInScope(diff, reader) };
  }
}
