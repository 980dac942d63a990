import { Query } from '@nestjs/cqrs';
import type { Actor, PublishedVersion } from '@budget/domain';
import type { ExportFormat } from '@budget/table-files';
import type { Writable } from 'node:stream';

/** A published version's file ready to stream: the version as the reader may see it, its headers, and the signing writer. */
export interface PreparedPublishedExport {
  readonly published: PublishedVersion;
  readonly headers: Readonly<Record<string, string>>;
  write(out: Writable): Promise<void>;
}

/** Version n of a department's publication of a year, exactly as sealed, as a file in `format`. */
export class ExportPublishedQuery extends Query<PreparedPublishedExport> {
  constructor(
    readonly actor: Actor,
    readonly departmentId: string,
    readonly fiscalYear: number,
    readonly version: number,
    readonly format: ExportFormat = 'txt',
  ) {
    super();
  }
}
