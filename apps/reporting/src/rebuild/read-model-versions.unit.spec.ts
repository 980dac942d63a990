import { DomainError, readModelVersions, type ReadModelVersions } from '@budget/domain';
import { type KafkaConnection } from '@budget/messaging';
import { type PlatformConfig } from '@budget/platform';
import { type Generations } from '../infrastructure/generations.repository';
import { type ReportQueries } from '../infrastructure/report-queries';
import { type ReportStore } from '../infrastructure/report-store';
import { RebuildService } from './rebuild.service';
import { type RebuildReport } from './rebuild.types';

/** The service with generations held in memory; start() recorded instead of run. */
function serviceWith(live: { events: number; readModels: ReadModelVersions }, startFails = false) {
  const stamped: number[] = [];
  const generations = {
    active: () => Promise.resolve(7),
    meta: () => Promise.resolve({ generation: 7, events: live.events }),
    readModels: () => Promise.resolve(live.readModels),
    stampReadModels: (g: number) => {
      stamped.push(g);
      return Promise.resolve();
    },
  } as unknown as Generations;
  const service = new RebuildService({} as ReportStore, generations, {} as ReportQueries, {} as KafkaConnection, {} as PlatformConfig);
  const start = jest.spyOn(service, 'start').mockImplementation((_actor, trigger) => {
    if (startFails) return Promise.reject(new DomainError('ILLEGAL_STATE', '另一个重建正在进行中'));
    return Promise.resolve({ trigger } as RebuildReport);
  });
  return { service, start, stamped };
}

const V1 = { ...readModelVersions(), review_activity: 1 };

describe('read model versions at start-up', () => {
  it('given a live copy built with review_activity version 1, when the service starts, then a rebuild starts by itself, recording why', async () => {
    const { service, start } = serviceWith({ events: 120, readModels: V1 });
    const report = await service.rebuildIfReadModelsChanged();
    expect(start).toHaveBeenCalledTimes(1);
    expect(start.mock.calls[0]![0]).toMatchObject({ role: 'system' });
    expect(report?.trigger).toEqual({ kind: 'read_model_versions', stale: ['review_activity'], stored: V1, code: readModelVersions() });
  });

  it('given a live copy built with the code’s versions, when the service starts, then nothing is rebuilt', async () => {
    const { service, start } = serviceWith({ events: 120, readModels: readModelVersions() });
    expect(await service.rebuildIfReadModelsChanged()).toBeNull();
    expect(start).not.toHaveBeenCalled();
  });

  it('given an empty live copy with old versions, when the module starts, then it is stamped with the code’s versions, not rebuilt', async () => {
    const { service, start, stamped } = serviceWith({ events: 0, readModels: V1 });
    await service.onModuleInit();
    expect(stamped).toEqual([7]);
    expect(start).not.toHaveBeenCalled();
  });

  it('given another process holding the rebuild lock, when the versions differ, then the rebuild is left to it', async () => {
    const { service, start } = serviceWith({ events: 120, readModels: {} }, true);
    expect(await service.rebuildIfReadModelsChanged()).toBeNull();
    expect(start).toHaveBeenCalledTimes(1);
  });
});
