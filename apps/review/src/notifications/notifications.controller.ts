import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { review } from '@budget/contracts';
import { type Actor, DomainError } from '@budget/domain';
import {
  checkWebhookTarget,
  NotificationInbox,
  type NotificationsConfig,
  type Notifier,
  PostgresRecipientDirectory,
  redactUrl,
  WebhookTargetRefusedError,
} from '@budget/notifications';
import { CurrentActor, readBody, readQuery, Roles } from '@budget/platform';
import { NOTIFICATIONS_CONFIG } from './notifications.providers';
import { NOTIFIER } from './review-notifications';

/** The in-app inbox of the caller, the directory of people and webhooks, and the webhook dead letters. */
@Controller()
export class NotificationsController {
  constructor(
    private readonly inbox: NotificationInbox,
    private readonly directory: PostgresRecipientDirectory,
    @Inject(NOTIFIER) private readonly notifier: Notifier,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: NotificationsConfig,
  ) {}

  @Get('inbox')
  async list(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const { unreadOnly, limit, before } = readQuery(review.inboxQuery, query, (errors) => (errors.length === 1 ? errors[0]!.message : '查询条件有误'));
    const page = await this.inbox.listInbox(actor.id, {
      unreadOnly: unreadOnly === true,
      ...(limit !== undefined ? { limit } : {}),
      ...(before ? { before } : {}),
    });
    return { ...page, unread: await this.inbox.unreadCount(actor.id) };
  }

  @Post('inbox/read')
  @HttpCode(200)
  async markRead(@CurrentActor() actor: Actor, @Body() body: unknown) {
    const { all, ids } = readBody(review.markReadBody, body ?? {});
    const marked = all === true ? await this.inbox.markAllRead(actor.id) : await this.inbox.markRead(actor.id, ids ?? []);
    return { marked, unread: await this.inbox.unreadCount(actor.id) };
  }

  /** Registers or updates a person the notifications address (name, role or supervisor's post, organisation, e-mail). */
  @Put('contacts/:userId')
  @Roles('admin')
  async contact(@Param('userId') userId: string, @Body() body: unknown) {
    const { role, post, name, departmentId, unitId, email, active } = readBody(review.contactBody, body ?? {});
    await this.directory.upsertContact({
      userId,
      ...(role !== undefined ? { role } : {}),
      ...(post !== undefined ? { post } : {}),
      ...(name !== undefined ? { name } : {}),
      ...(departmentId !== undefined ? { departmentId } : {}),
      ...(unitId !== undefined ? { unitId } : {}),
      ...(email !== undefined ? { email } : {}),
      ...(active !== undefined ? { active } : {}),
    });
    return { userId, role: role ?? null, post: post ?? null, name: name ?? null, departmentId: departmentId ?? null, unitId: unitId ?? null, email: email ?? null };
  }

  /** A webhook for an organisation (a department, one unit, or everything when neither is given). */
  @Put('webhooks/:id')
  @Roles('admin')
  async webhook(@Param('id') id: string, @Body() body: unknown) {
    const { url, secret, departmentId, unitId, kinds, active, description } = readBody(review.webhookBody, body ?? {});
    try {
      await checkWebhookTarget(url, this.config.webhook);
    } catch (e) {
      if (!(e instanceof WebhookTargetRefusedError)) throw e;
      throw new DomainError('VALIDATION_FAILED', e.reason, { fieldErrors: [{ field: 'url', message: e.reason }] });
    }
    await this.directory.upsertWebhookSubscription({
      id,
      url,
      secret,
      ...(departmentId !== undefined ? { departmentId } : {}),
      ...(unitId !== undefined ? { unitId } : {}),
      ...(kinds !== undefined ? { kinds } : {}),
      ...(active !== undefined ? { active } : {}),
      ...(description !== undefined ? { description } : {}),
    });
    return { id, url: url === undefined ? url : redactUrl(url), departmentId: departmentId ?? null, unitId: unitId ?? null, kinds: kinds ?? [], active: active ?? true };
  }

  @Get('webhooks/dead-letters')
  @Roles('admin')
  async deadLetters(@Query() query: unknown) {
    const { includeRetried } = readQuery(review.webhookDeadLettersQuery, query);
    const items = await this.notifier.listWebhookDeadLetters({ includeRetried: includeRetried === true });
    return { items: items.map((d) => ({ ...d, url: redactUrl(d.url) })) };
  }

  @Post('webhooks/dead-letters/:id/retry')
  @HttpCode(200)
  @Roles('admin')
  async retry(@Param('id') id: string) {
    if (!(await this.notifier.retryWebhookDeadLetter(id))) throw new DomainError('NOT_FOUND', '该死信不存在或已重试');
    return { id, retried: true };
  }

  /** Every delivery derived from one event: for support and for tests of exactly-once delivery. */
  @Get('notifications')
  @Roles('admin', 'auditor')
  async deliveries(@Query() query: unknown) {
    const { sourceEventId } = readQuery(review.deliveriesQuery, query, '请提供 sourceEventId');
    return { items: await this.notifier.deliveriesOf(sourceEventId) };
  }
}
