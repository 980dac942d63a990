import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import { type Actor, DomainError, mayRead } from '@budget/domain';
import { EXPORT_KIND, type ExportPayload, SIGNATURE_FILE_FORMAT, type SignatureFile, signPayload } from '@budget/event-store';
import { ExportSignatures } from '../infrastructure/export-signatures.repository';
import { CHECKPOINT_CONFIG, type CheckpointConfig } from './checkpoint-keys';

/** What an export says about itself besides its bytes; the signer adds the digest, length and key. */
export type ExportFacts = Omit<ExportPayload, 'kind' | 'sha256' | 'bytes' | 'keyId'>;

/**
 * Every export is signed as it streams: its bytes pass through a hash on their way to the client,
 * and before the response ends, the digest, the length, what the table was built from and the
 * latest checkpoint of its scope are signed and stored as the export's `.sig`
 * (`GET /exports/:exportId/signature`). The file itself is left exactly as written (the txt export
 * stays byte for byte the published layout); the signature travels beside it.
 */
@Injectable()
export class ExportSigner {
  constructor(
    private readonly signatures: ExportSignatures,
    @Inject(CHECKPOINT_CONFIG) private readonly config: CheckpointConfig,
  ) {}

  /** A Writable for the export writer: forwards to `out`, and signs and stores before it ends `out`. */
  sink(out: Writable, facts: ExportFacts, actor: Actor): Writable {
    return new SigningForwarder(out, (sha256, bytes) => this.record(facts, actor, sha256, bytes));
  }

  private async record(facts: ExportFacts, actor: Actor, sha256: string, bytes: number): Promise<void> {
    const payload: ExportPayload = { kind: EXPORT_KIND, ...facts, sha256, bytes, keyId: this.config.keyId };
    const signed = signPayload(payload, this.config.privateKey);
    await this.signatures.record({
      exportId: facts.exportId,
      actor: { id: actor.id, role: actor.role },
      departmentId: facts.departmentId,
      unitId: facts.unitId,
      checkpointId: facts.checkpoint?.id ?? null,
      payload: signed.payload,
      signature: signed.signature,
    });
  }

  /**
   * The .sig of an export, for whoever may read the table it was made from. A department-wide
   * export's carries the checkpoint it names in full (read from `checkpoints`: if that row was
   * changed, the offline check says so); a unit's names it without the department's heads.
   */
  async signatureFile(actor: Actor, exportId: string): Promise<SignatureFile> {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(exportId)) throw new DomainError('NOT_FOUND', `未找到导出 ${exportId} 的签名`);
    const row = await this.signatures.find(exportId);
    if (!row) throw new DomainError('NOT_FOUND', `未找到导出 ${exportId} 的签名`);
    if (!mayRead(actor, { departmentId: row.departmentId, ...(row.unitId !== null ? { unitId: row.unitId } : {}) })) {
      throw new DomainError('FORBIDDEN', '无权查看该导出的签名：只能查看本部门（本单位）的导出');
    }
    return {
      format: SIGNATURE_FILE_FORMAT,
      keyId: (JSON.parse(row.payload) as ExportPayload).keyId,
      export: { payload: row.payload, signature: row.signature },
      checkpoint: row.checkpoint,
    };
  }
}

/** Passes bytes on with backpressure, hashing them; `_final` signs before `out` is ended. */
class SigningForwarder extends Writable {
  private readonly hash = createHash('sha256');
  private bytes = 0;

  constructor(
    private readonly out: Writable,
    private readonly onComplete: (sha256: string, bytes: number) => Promise<void>,
  ) {
    super();
    out.once('error', (error: Error) => this.destroy(error));
    out.once('close', () => {
      if (!out.writableFinished) this.destroy(new Error('export stream closed before the export was complete'));
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (this.out.write(chunk)) callback();
    else this.out.once('drain', () => callback());
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.onComplete(this.hash.digest('hex'), this.bytes).then(
      () => this.out.end(() => callback()),
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    if (error && !this.out.destroyed) this.out.destroy(error);
    callback(error);
  }
}
