import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor, publicationVersionLabel, sheetPublications } from '@budget/domain';
import { AuditService } from '../../audit/audit.service';
import { PublicationRepository } from '../../infrastructure/publications.repository';

type PublishedIn = { readonly version: number; readonly kind: 'published' | 'correction'; readonly label: string; readonly submissionNo: number; readonly reviewId: string | null };
type SheetHistory = Awaited<ReturnType<AuditService['history']>> & { readonly publications: readonly PublishedIn[] };
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

/** The history, and which published versions of the department's table contained which of the sheet's submissions. */
@QueryHandler(ReadSheetHistoryQuery)
export class ReadSheetHistoryHandler implements IQueryHandler<ReadSheetHistoryQuery> {
  constructor(
    private readonly audit: AuditService,
    private readonly publications: PublicationRepository,
  ) {}

  async execute(q: ReadSheetHistoryQuery): Promise<SheetHistory> {
    const history = await this.audit.history(q.actor, q.sheetId);
    const { state } = await this.publications.load(history.departmentId, history.fiscalYear);
    const publications = sheetPublications(state, q.sheetId).map((p) => ({ ...p, label: publicationVersionLabel(p.kind, p.version) }));
    return { ...history, publications };
  }
}

@QueryHandler(ReadDepartmentHistoryQuery)
export class ReadDepartmentHistoryHandler implements IQueryHandler<ReadDepartmentHistoryQuery> {
  constructor(private readonly audit: AuditService) {}

  execute(q: ReadDepartmentHistoryQuery): Promise<DepartmentHistory> {
    return this.audit.departmentHistory(q.actor, q.departmentId);
  }
}
