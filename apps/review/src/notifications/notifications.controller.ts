import { Body, Controller, Get, HttpCode, Inject, Param, Post, Put, Query } from '@nestjs/common';
import { type Actor, DomainError, ROLES, type Role } from '@budget/domain';
import {
  checkWebhookTarget,
  NOTIFICATION_KINDS,
  type NotificationKind,
  NotificationInbox,
  type NotificationsConfig,
  type Notifier,
  PostgresRecipientDirectory,
  redactUrl,
  WebhookTargetRefusedError,
} from '@budget/notifications';
import { BodyReader, CurrentActor, Roles } from '@budget/platform';
import { NOTIFICATIONS_CONFIG } from './notifications.providers';
import { NOTIFIER } from './review-notifications';

const PEOPLE_ROLES = ROLES.filter((r) => r !== 'system');

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
  async list(@CurrentActor() actor: Actor, @Query('unreadOnly') unreadOnly?: string, @Query('limit') limit?: string, @Query('before') before?: string) {
    const n = limit === undefined ? undefined : Number(limit);
    if (n !== undefined && (!Number.isInteger(n) || n < 1 || n > 500)) throw new DomainError('VALIDATION_FAILED', '每页条数须为1到500之间的整数');
    const page = await this.inbox.listInbox(actor.id, {
      unreadOnly: unreadOnly === 'true',
      ...(n !== undefined ? { limit: n } : {}),
      ...(before ? { before } : {}),
    });
    return { ...page, unread: await this.inbox.unreadCount(actor.id) };
  }

  @Post('inbox/read')
  @HttpCode(200)
  async markRead(@CurrentActor() actor: Actor, @Body() body: unknown) {
    const input = new BodyReader(body ?? {});
    const all = input.boolean('all', '全部已读');
    const ids = input.stringList('ids', '消息编号', { required: all !== true });
    input.rejectUnknown(['ids', 'all']);
    input.done();
    const marked = all === true ? await this.inbox.markAllRead(actor.id) : await this.inbox.markRead(actor.id, ids ?? []);
    return { marked, unread: await this.inbox.unreadCount(actor.id) };
  }

  /** Registers or updates a person the notifications address (name, role, organisation, e-mail). */
  @Put('contacts/:userId')
  @Roles('admin')
  async contact(@Param('userId') userId: string, @Body() body: unknown) {
    const input = new BodyReader(body ?? {});
    const role = input.string('role', '角色', { required: true });
    const name = input.string('name', '姓名');
    const departmentId = input.string('departmentId', '部门');
    const unitId = input.string('unitId', '单位');
    const email = input.string('email', '电子邮箱');
    const active = input.boolean('active', '是否启用');
    input.rejectUnknown(['role', 'name', 'departmentId', 'unitId', 'email', 'active']);
    if (role !== undefined && !(PEOPLE_ROLES as readonly string[]).includes(role)) input.errors.push({ field: 'role', message: `角色只能是${PEOPLE_ROLES.join('、')}` });
    if (email !== undefined && !/^[^\s@]+@[^\s@]+$/.test(email)) input.errors.push({ field: 'email', message: '电子邮箱格式不正确' });
    input.done();
    await this.directory.upsertContact({
      userId,
      role: role as Role,
      ...(name !== undefined ? { name } : {}),
      ...(departmentId !== undefined ? { departmentId } : {}),
      ...(unitId !== undefined ? { unitId } : {}),
      ...(email !== undefined ? { email } : {}),
      ...(active !== undefined ? { active } : {}),
    });
    return { userId, role, name: name ?? null, departmentId: departmentId ?? null, unitId: unitId ?? null, email: email ?? null };
  }

  /** A webhook for an organisation (a department, one unit, or everything when neither is given). */
  @Put('webhooks/:id')
  @Roles('admin')
  async webhook(@Param('id') id: string, @Body() body: unknown) {
    const input = new BodyReader(body ?? {});
    const url = input.string('url', '接收地址', { required: true });
    const secret = input.string('secret', '签名密钥', { required: true });
    const departmentId = input.string('departmentId', '部门');
    const unitId = input.string('unitId', '单位');
    const kinds = input.stringList('kinds', '通知类型');
    const active = input.boolean('active', '是否启用');
    const description = input.string('description', '说明');
    input.rejectUnknown(['url', 'secret', 'departmentId', 'unitId', 'kinds', 'active', 'description']);
    if (url !== undefined && !/^https?:\/\/\S+$/.test(url)) input.errors.push({ field: 'url', message: '接收地址须为 http(s) 网址' });
    if (secret !== undefined && secret.length < 16) input.errors.push({ field: 'secret', message: '签名密钥至少16个字符' });
    for (const k of kinds ?? []) {
      if (!(NOTIFICATION_KINDS as readonly string[]).includes(k)) input.errors.push({ field: 'kinds', message: `未知的通知类型：${k}` });
    }
    if (url !== undefined && input.errors.every((e) => e.field !== 'url')) {
      try {
        await checkWebhookTarget(url, this.config.webhook);
      } catch (e) {
        if (!(e instanceof WebhookTargetRefusedError)) throw e;
        input.errors.push({ field: 'url', message: e.reason });
      }
    }
    input.done();
    await this.directory.upsertWebhookSubscription({
      id,
      url: url ?? '',
      secret: secret ?? '',
      ...(departmentId !== undefined ? { departmentId } : {}),
      ...(unitId !== undefined ? { unitId } : {}),
      ...(kinds !== undefined ? { kinds: kinds as NotificationKind[] } : {}),
      ...(active !== undefined ? { active } : {}),
      ...(description !== undefined ? { description } : {}),
    });
    return { id, url: url === undefined ? url : redactUrl(url), departmentId: departmentId ?? null, unitId: unitId ?? null, kinds: kinds ?? [], active: active ?? true };
  }

  @Get('webhooks/dead-letters')
  @Roles('admin')
  async deadLetters(@Query('includeRetried') includeRetried?: string) {
    const items = await this.notifier.listWebhookDeadLetters({ includeRetried: includeRetried === 'true' });
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
  async deliveries(@Query('sourceEventId') sourceEventId?: string) {
    if (!sourceEventId) throw new DomainError('VALIDATION_FAILED', '请提供 sourceEventId');
    return { items: await this.notifier.deliveriesOf(sourceEventId) };
  }
}
