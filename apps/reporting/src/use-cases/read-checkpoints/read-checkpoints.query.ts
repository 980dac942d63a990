import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor, DomainError } from '@budget/domain';
import { CheckpointService, type StoredCheckpoint } from '../../checkpoints/checkpoint.service';

export interface PublicKeyView {
  readonly algorithm: 'Ed25519';
  readonly keyId: string;
  readonly publicKey: string;
  readonly previousKeyIds: readonly string[];
}

/** The key auditors check exports and checkpoints with (public on purpose; also in the README). */
export class ReadPublicKeyQuery extends Query<PublicKeyView> {}

/** The signed checkpoints, newest first; a finance desk sees those of its departments. */
export class ListCheckpointsQuery extends Query<{ items: StoredCheckpoint[] }> {
  constructor(
    readonly actor: Actor,
    readonly filter: { readonly departmentId?: string; readonly fiscalYear?: number; readonly limit: number },
  ) {
    super();
  }
}

@QueryHandler(ReadPublicKeyQuery)
export class ReadPublicKeyHandler implements IQueryHandler<ReadPublicKeyQuery> {
  constructor(private readonly checkpoints: CheckpointService) {}

  execute(): Promise<PublicKeyView> {
    const { config } = this.checkpoints;
    return Promise.resolve({ algorithm: 'Ed25519', keyId: config.keyId, publicKey: config.publicKeyPem, previousKeyIds: [...config.previousKeys.keys()] });
  }
}

@QueryHandler(ListCheckpointsQuery)
export class ListCheckpointsHandler implements IQueryHandler<ListCheckpointsQuery> {
  constructor(private readonly checkpoints: CheckpointService) {}

  async execute({ actor, filter }: ListCheckpointsQuery): Promise<{ items: StoredCheckpoint[] }> {
    const desk = actor.role === 'finance_reviewer' ? actor.departmentIds : undefined;
    if (desk && filter.departmentId !== undefined && !desk.includes(filter.departmentId)) throw new DomainError('FORBIDDEN', '只能查看所负责部门的检查点');
    const items = await this.checkpoints.list({ ...filter, ...(desk ? { departmentIds: desk } : {}) });
    return { items };
  }
}
