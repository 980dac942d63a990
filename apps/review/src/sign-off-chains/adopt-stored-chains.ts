import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { signOffChainStreamId } from '@budget/domain';
import { StreamVersionConflictError } from '@budget/event-store';
import { newId } from '@budget/platform';
import { SignOffChainRepository } from '../infrastructure/review.repository';
import { SignOffChainReadModel } from './sign-off-chain.read-model';

/**
 * Chains stored before chains were events (rows without a version) become their stream's first
 * event, once, when the service starts: the append expects an empty stream, so a second instance
 * doing the same at the same time gets a conflict and leaves it.
 */
@Injectable()
export class AdoptStoredChains implements OnApplicationBootstrap {
  private readonly logger = new Logger('SignOffChains');

  constructor(
    private readonly chains: SignOffChainRepository,
    private readonly readModel: SignOffChainReadModel,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const row of await this.readModel.unadopted()) {
      const now = new Date();
      const updatedAt = new Date(row.updated_at);
      try {
        await this.chains.execute(
          signOffChainStreamId(row.department_id),
          {
            type: 'AdoptStoredSignOffChain',
            data: { departmentId: row.department_id, stored: row.chain, updatedBy: row.updated_by, updatedAt: updatedAt.toISOString() },
            metadata: { now: now.toISOString(), actor: { id: 'review', role: 'system' }, correlationId: newId(), causationId: null },
          },
          { expectedVersion: 0, project: (tx, state, version) => this.readModel.save(tx, row.department_id, state, version, row.updated_by, updatedAt) },
        );
        this.logger.log(`sign-off chain of ${row.department_id} adopted into its event stream`);
      } catch (e) {
        if (e instanceof StreamVersionConflictError) continue;
        this.logger.error(`sign-off chain of ${row.department_id} could not be adopted: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}
