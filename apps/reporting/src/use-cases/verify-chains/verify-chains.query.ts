import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { AuditService } from '../../audit/audit.service';
import { verificationText } from './verification-text';

type Verified = Awaited<ReturnType<AuditService['verifyAll']>> & { readonly summary: string };

/** The hash chains of every stream in the caller's scope, checked against the signed checkpoints. */
export class VerifyChainsQuery extends Query<Verified> {
  constructor(readonly actor: Actor) {
    super();
  }
}

@QueryHandler(VerifyChainsQuery)
export class VerifyChainsHandler implements IQueryHandler<VerifyChainsQuery> {
  constructor(private readonly audit: AuditService) {}

  async execute(q: VerifyChainsQuery): Promise<Verified> {
    const report = await this.audit.verifyAll(q.actor);
    return { ...report, summary: verificationText(report, report.checkpoints) };
  }
}
