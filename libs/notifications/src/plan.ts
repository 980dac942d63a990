import { deadlineCancelKey, notificationId } from './ids';
import { renderContent } from './render';
import {
  type Audience,
  type Channel,
  type NotificationContent,
  type NotificationKind,
  type NotificationRequest,
  type Recipient,
  type ReviewLevel,
  type UnitRef,
  type WebhookSubscription,
} from './types';

/** The organisation a notification concerns: its sheet's, or its unit's. */
export function scopeOf(request: NotificationRequest): UnitRef {
  return request.kind === 'batch_reminder' ? request.unit : request.sheet;
}

/** Who hears of each kind (issue 3, "Notifications"). */
export function audiencesFor(request: NotificationRequest): Audience[] {
  const { departmentId, unitId } = scopeOf(request);
  switch (request.kind) {
    case 'revision_requested':
    case 'batch_reminder':
      return [{ type: 'unit_clerks', departmentId, unitId }];
    case 'final_decision':
      return [{ type: 'unit', departmentId, unitId }];
    case 'task_waiting':
    case 'deadline_reminder':
      return [reviewersOf(request.level)];
    case 'deadline_escalation':
      if (request.supervisor) {
        const { post, departmentId, registered } = request.supervisor;
        return registered ? [{ type: 'supervisors', post, departmentId }] : [reviewersOf(request.level)];
      }
      return request.escalateTo ? [reviewersOf(request.level), reviewersOf(request.escalateTo)] : [reviewersOf(request.level)];
  }
}

function reviewersOf(level: ReviewLevel): Audience {
  return {
    type: 'reviewers',
    role: level.role,
    ...(level.departmentId === undefined ? {} : { departmentId: level.departmentId }),
    ...(level.unitId === undefined ? {} : { unitId: level.unitId }),
  };
}

/**
 * When a deadline notification goes out: at once when the deadline sweep decided it (`decidedAt`);
 * otherwise the escalation at the due time, the reminder `leadMs` before it, or at once when that
 * moment has passed but the due time has not. A reminder for a
 * task already overdue is pointless (the escalation covers it): `null`.
 */
export function deliverAtFor(request: NotificationRequest, now: Date, reminderLeadMs: number): Date | null {
  switch (request.kind) {
    case 'deadline_escalation':
      if (request.decidedAt !== undefined) return now;
      return new Date(parseInstant(request.dueAt, 'dueAt'));
    case 'deadline_reminder': {
      // The deadline sweep decided it is due (in working days) and records it once: it goes out now.
      if (request.decidedAt !== undefined) return now;
      const due = parseInstant(request.dueAt, 'dueAt');
      if (due <= now.getTime()) return null;
      return new Date(Math.max(due - reminderLeadMs, now.getTime()));
    }
    case 'revision_requested':
    case 'task_waiting':
    case 'final_decision':
    case 'batch_reminder':
      return now;
  }
}

function parseInstant(value: string, field: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new Error(`${field} must be an ISO-8601 instant, got ${JSON.stringify(value)}`);
  return ms;
}

export function cancelKeyFor(request: NotificationRequest): string | null {
  if (request.kind !== 'batch_reminder' && request.cancelKey !== undefined) return request.cancelKey;
  switch (request.kind) {
    case 'deadline_reminder':
    case 'deadline_escalation':
      return deadlineCancelKey(request.taskId);
    case 'revision_requested':
    case 'task_waiting':
    case 'final_decision':
    case 'batch_reminder':
      return null;
  }
}

/** One row of `notification_requests`: one channel to one recipient. */
export interface PlannedDelivery {
  readonly id: string;
  readonly sourceEventId: string;
  readonly kind: NotificationKind;
  readonly channel: Channel;
  /** User id (inbox, e-mail) or subscription id (webhook). */
  readonly recipient: string;
  /** E-mail address or URL, as it was when requested (for the record; delivery reads the subscription afresh). */
  readonly address: string | null;
  readonly content: NotificationContent;
  readonly cancelKey: string | null;
  readonly deliverAt: Date;
}

/**
 * The deliveries of one request: an inbox entry and (with an address) an e-mail per person, a
 * POST per subscription. Pure: recipients and subscriptions come resolved, the clock comes in.
 */
export function planDeliveries(
  request: NotificationRequest,
  resolved: { readonly recipients: readonly Recipient[]; readonly subscriptions: readonly WebhookSubscription[] },
  now: Date,
  reminderLeadMs: number,
): PlannedDelivery[] {
  if (request.sourceEventId.trim() === '') throw new Error('sourceEventId must not be empty');
  const deliverAt = deliverAtFor(request, now, reminderLeadMs);
  if (deliverAt === null) return [];
  const content = renderContent(request);
  const cancelKey = cancelKeyFor(request);
  const byId = new Map<string, PlannedDelivery>();
  const add = (channel: Channel, recipient: string, address: string | null, rowContent: NotificationContent): void => {
    const id = notificationId({ sourceEventId: request.sourceEventId, kind: request.kind, channel, recipient });
    if (!byId.has(id)) {
      byId.set(id, { id, sourceEventId: request.sourceEventId, kind: request.kind, channel, recipient, address, content: rowContent, cancelKey, deliverAt });
    }
  };
  for (const person of resolved.recipients) {
    add('inbox', person.userId, null, content);
    if (person.email) add('email', person.userId, person.email, person.name ? { ...content, recipientName: person.name } : content);
  }
  for (const subscription of resolved.subscriptions) {
    if (subscription.active && subscriptionMatches(subscription, scopeOf(request), request.kind)) add('webhook', subscription.id, subscription.url, content);
  }
  return [...byId.values()];
}

/**
 * A user belongs to an audience by role and organisation. A reviewer without a department
 * (finance reviewers, until their assignments are modelled) covers every department.
 */
export function recipientMatches(audience: Audience, user: Recipient): boolean {
  switch (audience.type) {
    case 'unit_clerks':
      return user.role === 'unit_clerk' && user.unitId === audience.unitId;
    case 'unit':
      return (user.role === 'unit_clerk' || user.role === 'unit_head') && user.unitId === audience.unitId;
    case 'supervisors':
      return user.post === audience.post && (user.departmentId === undefined || user.departmentId === audience.departmentId);
    case 'reviewers':
      return (
        user.role === audience.role &&
        (audience.unitId === undefined || user.unitId === audience.unitId) &&
        (audience.departmentId === undefined || user.departmentId === undefined || user.departmentId === audience.departmentId)
      );
  }
}

/** A subscription covers a sheet when its department (if any) and unit (if any) are the sheet's, and it wants the kind. */
export function subscriptionMatches(subscription: WebhookSubscription, scope: { readonly departmentId: string; readonly unitId: string }, kind: NotificationKind): boolean {
  return (
    (subscription.departmentId === undefined || subscription.departmentId === scope.departmentId) &&
    (subscription.unitId === undefined || subscription.unitId === scope.unitId) &&
    (subscription.kinds.length === 0 || subscription.kinds.includes(kind))
  );
}
