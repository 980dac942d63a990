import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { ExportSigner } from '../../checkpoints/export-signer';

type SignatureFile = Awaited<ReturnType<ExportSigner['signatureFile']>>;

/** The `.sig` of an export (its id is in the X-Report-Export-Id header and the export's metadata). */
export class ReadExportSignatureQuery extends Query<SignatureFile> {
  constructor(
    readonly actor: Actor,
    readonly exportId: string,
  ) {
    super();
  }
}

@QueryHandler(ReadExportSignatureQuery)
export class ReadExportSignatureHandler implements IQueryHandler<ReadExportSignatureQuery> {
  constructor(private readonly signer: ExportSigner) {}

  execute(q: ReadExportSignatureQuery): Promise<SignatureFile> {
    return this.signer.signatureFile(q.actor, q.exportId);
  }
}
