import { replicationFor } from './topics';

describe('replicationFor', () => {
  it('keeps three copies, two needed for a write, on a cluster of three or more brokers', () => {
    expect(replicationFor(3)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
    expect(replicationFor(5)).toEqual({ replicationFactor: 3, minInsyncReplicas: 2 });
  });

  it('keeps one copy on a smaller cluster (a development broker), where three cannot be placed', () => {
    expect(replicationFor(1)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
    expect(replicationFor(2)).toEqual({ replicationFactor: 1, minInsyncReplicas: 1 });
  });
});
