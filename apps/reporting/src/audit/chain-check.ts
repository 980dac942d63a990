import { type StreamHead } from '@budget/domain';
import { type ChainBreak, ChainVerifier } from '@budget/event-store';
import { type CopiedEvent } from '../projection/copied-events';

export interface ChainReport {
  readonly ok: boolean;
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  /** The first broken link in the copy's order, with the copy position of the event (null for a missing event). */
  readonly firstBroken?: ChainBreak & { readonly position: string | null; readonly type: string | null };
}

/**
 * Follows the hash chains of copied events in the copy's order (each stream's events come in
 * version order there) and stops at the first broken link: a version gap, a prevHash that is not
 * the previous event's hash, or a hash that is not the SHA-256 of the event's own fields.
 */
export class CopyVerifier {
  private readonly verifier = new ChainVerifier();
  private broken: { position: string | null; type: string | null } | null = null;

  /** False once a link is broken. */
  check(row: CopiedEvent): boolean {
    if (this.broken) return false;
    if (!this.verifier.check(row.envelope)) {
      this.broken = { position: row.position, type: row.envelope.type };
      return false;
    }
    return true;
  }

  /** A head the projection holds beyond the last copied event of its stream is a missing link too. */
  checkHeads(heads: Iterable<StreamHead>): boolean {
    for (const head of heads) {
      if (this.broken) return false;
      if (!this.verifier.checkHead(head.streamId, head.streamVersion, head.hash ?? '')) this.broken = { position: null, type: null };
    }
    return !this.broken;
  }

  result(): ChainReport {
    const r = this.verifier.result();
    return {
      ok: r.ok,
      streamsChecked: r.streamsChecked,
      eventsChecked: r.eventsChecked,
      ...(r.firstBroken ? { firstBroken: { ...r.firstBroken, position: this.broken?.position ?? null, type: this.broken?.type ?? null } } : {}),
    };
  }
}

const REASONS: Readonly<Record<ChainBreak['reason'], string>> = {
  'hash-mismatch': '事件内容与其哈希值不符（内容被改动）',
  'prev-hash-mismatch': '事件的 prevHash 与上一事件的哈希值不符（链被截断或插入）',
  'version-gap': '事件流版本不连续（缺少事件）',
  'head-mismatch': '事件流的链头与最后一个事件不符',
};

/** One line for people: which link, where, and why. */
export function describeBreak(b: NonNullable<ChainReport['firstBroken']>): string {
  return `${b.streamId} 第 ${b.streamVersion} 版${b.eventId ? `（事件 ${b.eventId}${b.position ? `，副本位置 ${b.position}` : ''}）` : ''}：${REASONS[b.reason]}`;
}
