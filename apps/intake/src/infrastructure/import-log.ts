import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { ImportRow } from './entities';

export interface ImportRecord {
  readonly importId: string;
  readonly departmentId: string;
  readonly fiscalYear: number;
  readonly contentSha256: string;
  readonly summary: unknown;
  readonly importedBy: string;
}

/** Each imported table once: its content hash and the summary of its first import. */
@Injectable()
export class ImportLog {
  constructor(@InjectRepository(ImportRow) private readonly rows: Repository<ImportRow>) {}

  /** A table imported before keeps its first record. */
  async record(entry: ImportRecord): Promise<void> {
    await this.rows.query(
      `INSERT INTO imports (import_id, department_id, fiscal_year, content_sha256, summary, imported_by, imported_at)
       VALUES ($1, $2, $3, $4, $5, $6, now()) ON CONFLICT (import_id) DO NOTHING`,
      [entry.importId, entry.departmentId, entry.fiscalYear, entry.contentSha256, JSON.stringify(entry.summary), entry.importedBy],
    );
  }
}
