import { checkAsOfLimit, DomainError } from '@budget/domain';

/** A moment of the log as a caller names it. */
export type AsOf =
  | { readonly kind: 'latest' }
  /** A position of the reporting copy (its own sequence, see GET /status). */
  | { readonly kind: 'position'; readonly position: string }
  /** Every event recorded at or before the instant (ISO-8601 with a time zone). */
  | { readonly kind: 'time'; readonly recordedAt: string };

export const LATEST: AsOf = { kind: 'latest' };

/**
 * Reads an as-of parameter: absent or empty is now; digits only are a position of the copy;
 * anything else must be an ISO-8601 instant with a time zone. Throws DomainError
 * VALIDATION_FAILED (400) naming `field`.
 */
export function parseAsOf(value: string | undefined, field = 'asOf'): AsOf {
  if (value === undefined || value.trim() === '' || value.trim() === 'latest' || value.trim() === 'now') return LATEST;
  const text = value.trim();
  try {
    if (/^\d+$/.test(text)) {
      checkAsOfLimit({ globalPosition: text });
      return { kind: 'position', position: BigInt(text).toString() };
    }
    checkAsOfLimit({ recordedAt: text });
  } catch (error) {
    if (error instanceof DomainError) throw new DomainError('VALIDATION_FAILED', error.message, { field, fieldErrors: [{ field, message: error.message }] });
    throw error;
  }
  return { kind: 'time', recordedAt: new Date(text).toISOString() };
}

/** What the copy holds, for checkAsOfBound. */
export interface LogExtent {
  /** Last position, '0' when empty. */
  readonly position: string;
  readonly firstRecordedAt: string | null;
}

/**
 * Refuses a moment the copy cannot answer for: a position past its end or before its first event,
 * an instant in the future or before the first event. `now` comes in (no clock here).
 */
export function checkAsOfBound(asOf: AsOf, extent: LogExtent, now: Date, field = 'asOf'): void {
  const fail = (message: string): never => {
    throw new DomainError('VALIDATION_FAILED', message, { field, fieldErrors: [{ field, message }] });
  };
  switch (asOf.kind) {
    case 'latest':
      return;
    case 'position': {
      const p = BigInt(asOf.position);
      if (p < 1n) fail(`日志位置 ${asOf.position} 早于第一个事件（位置从 1 开始）`);
      if (p > BigInt(extent.position)) fail(`日志位置 ${asOf.position} 超出范围：报表副本目前只到位置 ${extent.position}`);
      return;
    }
    case 'time': {
      const t = Date.parse(asOf.recordedAt);
      if (t > now.getTime()) fail(`时间 ${asOf.recordedAt} 在未来，无法查询尚未发生的情况（现在是 ${now.toISOString()}）`);
      if (extent.firstRecordedAt === null || t < Date.parse(extent.firstRecordedAt)) {
        fail(`时间 ${asOf.recordedAt} 早于第一个事件${extent.firstRecordedAt ? `（${extent.firstRecordedAt}）` : ''}，那时还没有任何数据`);
      }
      return;
    }
  }
}

export function describeAsOf(asOf: AsOf): string {
  switch (asOf.kind) {
    case 'latest':
      return 'latest';
    case 'position':
      return `position ${asOf.position}`;
    case 'time':
      return asOf.recordedAt;
  }
}
