import { Controller, Get, Param, Post, Query } from '@nestjs/common';
import { type Actor, DomainError } from '@budget/domain';
import { reporting } from '@budget/contracts';
import { CurrentActor, listedFieldErrors, Public, readQuery, Roles } from '@budget/platform';
import { CheckpointService } from './checkpoint.service';
import { ExportSigner } from './export-signer';

const headline = listedFieldErrors('查询参数有误：');

/** Signed checkpoints: the public key, the list, signing on demand; and the signature of an export. */
@Controller()
export class CheckpointsController {
  constructor(
    private readonly checkpoints: CheckpointService,
    private readonly signer: ExportSigner,
  ) {}

  /** Public on purpose: auditors check exports offline with it; it is also in the README. */
  @Get('checkpoints/public-key')
  @Public()
  publicKey() {
    const { config } = this.checkpoints;
    return { algorithm: 'Ed25519' as const, keyId: config.keyId, publicKey: config.publicKeyPem, previousKeyIds: [...config.previousKeys.keys()] };
  }

  @Get('checkpoints')
  @Roles('auditor', 'finance_reviewer', 'admin')
  async list(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const q = readQuery(reporting.checkpointsQuery, query, headline);
    // A finance desk sees the checkpoints of its departments.
    const desk = actor.role === 'finance_reviewer' ? actor.departmentIds : undefined;
    if (desk && q.departmentId !== undefined && !desk.includes(q.departmentId)) throw new DomainError('FORBIDDEN', '只能查看所负责部门的检查点');
    const items = await this.checkpoints.list({
      limit: q.limit ?? 100,
      ...(desk ? { departmentIds: desk } : {}),
      ...(q.departmentId !== undefined ? { departmentId: q.departmentId } : {}),
      ...(q.fiscalYear !== undefined ? { fiscalYear: q.fiscalYear } : {}),
    });
    return { items };
  }

  /** Signs now whatever moved since the last checkpoints (the service also does so every CHECKPOINT_INTERVAL_SECONDS). */
  @Post('checkpoints')
  @Roles('admin')
  sign(@CurrentActor() actor: Actor) {
    return this.checkpoints.sign(actor);
  }

  /** The `.sig` of an export (its id is in the X-Report-Export-Id header and the export's metadata). */
  @Get('exports/:exportId/signature')
  signature(@CurrentActor() actor: Actor, @Param('exportId') exportId: string) {
    return this.signer.signatureFile(actor, exportId);
  }
}
