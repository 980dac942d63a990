import { setImmediate as nextTurn } from 'node:timers/promises';

interface Waiting<T> {
  readonly items: readonly T[];
  readonly settle: (applied: boolean) => void;
}

/**
 * A group commit for the chunks of several partitions. A consumer handling its partitions side by
 * side hands each chunk here; the chunks that arrive together (in the same turn of the event loop,
 * as the batches of one fetch do) or while a transaction is in flight are applied in one call, so
 * in one transaction: one commit and one WAL flush for all of them, where each partition's chunk
 * had its own, one after another.
 *
 * Every chunk waiting is answered with the outcome of the call that took it: true when it was
 * applied, false when that call refused or threw (then nothing of the group was written and each
 * caller goes on as after a failed chunk of its own). A partition hands over its next chunk only
 * after the previous one's answer, so its messages stay in order; across partitions there is no order
 * to keep. A group holds the chunks in their order of arrival, at least one, and no more items
 * than `maxItems` beyond its first chunk.
 */
export class ChunkGroups<T> {
  private readonly waiting: Waiting<T>[] = [];
  private draining = false;

  constructor(
    private readonly apply: (items: readonly T[]) => Promise<boolean>,
    private readonly maxItems: number,
  ) {}

  /** Resolves, once the group holding `items` was applied or refused, with whether it was applied. */
  submit(items: readonly T[]): Promise<boolean> {
    return new Promise<boolean>((settle) => {
      this.waiting.push({ items, settle });
      if (!this.draining) {
        this.draining = true;
        void this.drain();
      }
    });
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        // The chunks the same fetch hands the other partitions' workers arrive in this turn: one group for all.
        await nextTurn();
        const group = this.take();
        let applied: boolean;
        try {
          applied = await this.apply(group.flatMap((g) => g.items));
        } catch {
          applied = false;
        }
        for (const g of group) g.settle(applied);
      }
    } finally {
      this.draining = false;
    }
  }

  private take(): Waiting<T>[] {
    let size = this.waiting[0]!.items.length;
    let n = 1;
    while (n < this.waiting.length && size + this.waiting[n]!.items.length <= this.maxItems) size += this.waiting[n++]!.items.length;
    return this.waiting.splice(0, n);
  }
}
