import { Injectable } from '@nestjs/common';
import { ReportStore } from './report-store';

/** One signed export as stored: who made it, of which scope, its signed payload, and the checkpoint it names. */
export interface StoredExportSignature {
  readonly exportId: string;
  readonly actor: { readonly id: string; readonly role: string };
  readonly departmentId: string;
  readonly unitId: string | null;
  readonly checkpointId: string | null;
  readonly payload: string;
  readonly signature: string;
}

/** A stored export signature with the checkpoint it names, in full (only for a department-wide export). */
export interface ExportSignatureRow {
  readonly departmentId: string;
  readonly unitId: string | null;
  readonly payload: string;
  readonly signature: string;
  readonly checkpoint: { readonly payload: string; readonly signature: string } | null;
}

/** The `export_signatures` table: the `.sig` of every export streamed to its end. */
@Injectable()
export class ExportSignatures {
  constructor(private readonly store: ReportStore) {}

  async record(row: StoredExportSignature): Promise<void> {
    await this.store.pool.query(
      `INSERT INTO export_signatures (export_id, actor, department_id, unit_id, checkpoint_id, payload, signature) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [row.exportId, JSON.stringify(row.actor), row.departmentId, row.unitId, row.checkpointId, row.payload, row.signature],
    );
  }

  /** A unit's export names its checkpoint without carrying it (the checkpoint's heads are the whole department's). */
  async find(exportId: string): Promise<ExportSignatureRow | null> {
    const { rows } = await this.store.pool.query<{ department_id: string; unit_id: string | null; payload: string; signature: string; checkpoint_payload: string | null; checkpoint_signature: string | null }>(
      `SELECT e.department_id, e.unit_id, e.payload, e.signature, c.payload AS checkpoint_payload, c.signature AS checkpoint_signature
         FROM export_signatures e LEFT JOIN checkpoints c ON c.id = e.checkpoint_id AND e.unit_id IS NULL
        WHERE e.export_id = $1`,
      [exportId],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      departmentId: row.department_id,
      unitId: row.unit_id,
      payload: row.payload,
      signature: row.signature,
      checkpoint: row.checkpoint_payload !== null && row.checkpoint_signature !== null ? { payload: row.checkpoint_payload, signature: row.checkpoint_signature } : null,
    };
  }
}
