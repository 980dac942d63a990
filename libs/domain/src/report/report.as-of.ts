import { DomainError } from '../errors';
import { type RecordedEvent } from '../events/envelope';
import { type AsOfLimit } from './report.types';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * Checks an as-of limit as a caller typed it: a position is a decimal integer, an instant is
 * ISO-8601 with a time zone (a local time would depend on the server's zone). Throws
 * DomainError VALIDATION_FAILED; whether the moment is in the future or before the first event
 * is the caller's question (compare with the model's recordedAt / firstRecordedAt).
 */
export function checkAsOfLimit(limit: AsOfLimit): AsOfLimit {
  if ('globalPosition' in limit) {
    if (!/^\d+$/.test(limit.globalPosition)) {
      throw new DomainError('VALIDATION_FAILED', `日志位置必须是非负整数：“${limit.globalPosition}”`, { field: 'asOf' });
    }
    return limit;
  }
  if (!ISO_INSTANT.test(limit.recordedAt) || Number.isNaN(Date.parse(limit.recordedAt))) {
    throw new DomainError('VALIDATION_FAILED', `时间格式不正确：“${limit.recordedAt}”，应为带时区的 ISO-8601 时间，如 2025-03-01T08:00:00Z`, {
      field: 'asOf',
    });
  }
  return limit;
}

/**
 * Whether an event belongs to the log as of the limit: at or before the position, or recorded at
 * or before the instant (millisecond resolution, as recordedAt is stored).
 */
export function isWithin(event: Pick<RecordedEvent, 'globalPosition' | 'recordedAt'>, limit: AsOfLimit): boolean {
  if ('globalPosition' in limit) return BigInt(event.globalPosition) <= BigInt(limit.globalPosition);
  return Date.parse(event.recordedAt) <= Date.parse(limit.recordedAt);
}
