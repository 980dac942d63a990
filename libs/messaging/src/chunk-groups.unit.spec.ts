import { ChunkGroups } from './chunk-groups';

/** Past the turn in which the groups gather their chunks (a setImmediate). */
const turn = async () => {
  await new Promise((resolve) => setImmediate(resolve));
  await new Promise((resolve) => setImmediate(resolve));
};

/** A ChunkGroups whose apply records each call's items and is held open until released. */
function recorder(outcome: (items: readonly string[]) => boolean | Error = () => true, maxItems = 100) {
  const calls: string[][] = [];
  const releases: (() => void)[] = [];
  const groups = new ChunkGroups<string>(async (items) => {
    calls.push([...items]);
    await new Promise<void>((resolve) => releases.push(resolve));
    const result = outcome(items);
    if (result instanceof Error) throw result;
    return result;
  }, maxItems);
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.shift()!();
      await turn();
    }
  };
  return { groups, calls, releases, releaseAll };
}


describe('ChunkGroups', () => {
  it('given chunks handed over in the same turn, when applied, then one call takes them all, in order, and each learns the outcome', async () => {
    const { groups, calls, releaseAll } = recorder();
    const answers = [groups.submit(['a1', 'a2']), groups.submit(['b1']), groups.submit(['c1'])];
    await turn();
    expect(calls).toEqual([['a1', 'a2', 'b1', 'c1']]);
    await releaseAll();
    expect(await Promise.all(answers)).toEqual([true, true, true]);
  });

  it('given chunks handed over while a call is in flight, when it ends, then the next call takes all of them together', async () => {
    const { groups, calls, releaseAll } = recorder();
    const first = groups.submit(['a1']);
    await turn();
    const later = [groups.submit(['b1']), groups.submit(['c1', 'c2'])];
    expect(calls).toEqual([['a1']]);
    await releaseAll();
    expect(await first).toBe(true);
    expect(await Promise.all(later)).toEqual([true, true]);
    expect(calls).toEqual([['a1'], ['b1', 'c1', 'c2']]);
  });

  it('given an apply that refuses or throws, then every chunk of that group is answered false, and the next group is applied on its own', async () => {
    const { groups, calls, releaseAll } = recorder((items) => (items.includes('bad') ? new Error('rolled back') : !items.includes('refused')));
    const failing = [groups.submit(['a1']), groups.submit(['bad'])];
    await turn();
    const refused = groups.submit(['refused']);
    await releaseAll();
    expect(await Promise.all(failing)).toEqual([false, false]);
    expect(await refused).toBe(false);
    const fine = groups.submit(['d1']);
    await turn();
    await releaseAll();
    expect(await fine).toBe(true);
    expect(calls).toEqual([['a1', 'bad'], ['refused'], ['d1']]);
  });

  it('given more items waiting than maxItems, then a group stops before the chunk that would pass it, and takes a first chunk larger than maxItems whole', async () => {
    const { groups, calls, releaseAll } = recorder(() => true, 3);
    const answers = [groups.submit(['a1', 'a2', 'a3', 'a4']), groups.submit(['b1', 'b2']), groups.submit(['c1']), groups.submit(['d1', 'd2', 'd3'])];
    await turn();
    await releaseAll();
    await releaseAll();
    expect(await Promise.all(answers)).toEqual([true, true, true, true]);
    expect(calls).toEqual([['a1', 'a2', 'a3', 'a4'], ['b1', 'b2', 'c1'], ['d1', 'd2', 'd3']]);
  });
});
