import { createHash } from 'node:crypto';
import { assertSchemaName } from '@budget/event-store';
import { type Channel, type NotificationKind } from './types';

/** The schema name is spliced into SQL, so only plain lower-case identifiers pass: the event store's check. */
export { assertSchemaName } from '@budget/event-store';

/** The NOTIFY channel that wakes the dispatcher (within PostgreSQL's 63-byte names). */
export function notificationsChannel(schema: string): string {
  return `${assertSchemaName(schema)}_notify`;
}

/**
 * The id of one delivery: a hash of the source event, kind, channel and recipient (user or
 * subscription). The same event handled twice yields the same ids, so the second insert is a
 * no-op; it is also the BullMQ job id and the webhook's `X-Budget-Delivery`. The `ntf_` prefix
 * keeps it from ever being all digits, which BullMQ refuses as a custom id, and it has no `:`.
 */
export function notificationId(parts: { readonly sourceEventId: string; readonly kind: NotificationKind; readonly channel: Channel; readonly recipient: string }): string {
  const hash = createHash('sha256')
    // NUL never occurs in the parts, so no two different tuples give the same input.
    .update([parts.sourceEventId, parts.kind, parts.channel, parts.recipient].join('\u0000'))
    .digest('hex');
  return `ntf_${hash.slice(0, 32)}`;
}

/**
 * The BullMQ job id of a delivery. A dead letter that is retried needs a new job because its
 * failed job still holds the old id (an add with an existing id is ignored); the generation keeps
 * it deterministic.
 */
export function jobIdFor(id: string, retry: number): string {
  return retry === 0 ? id : `${id}-r${retry}`;
}

/** What a decision on a task cancels: the task's reminder and escalation. */
export function deadlineCancelKey(taskId: string): string {
  return `deadline:${taskId}`;
}
