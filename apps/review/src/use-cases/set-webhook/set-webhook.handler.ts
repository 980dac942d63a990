import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DomainError } from '@budget/domain';
import { checkWebhookTarget, type NotificationKind, type NotificationsConfig, PostgresRecipientDirectory, redactUrl, WebhookTargetRefusedError } from '@budget/notifications';
import { type NotificationDirectory } from '../../notifications/notification-ports';
import { NOTIFICATIONS_CONFIG } from '../../notifications/notifications.providers';

export interface WebhookSetting {
  readonly url: string;
  readonly secret: string;
  readonly departmentId?: string | undefined;
  readonly unitId?: string | undefined;
  readonly kinds?: NotificationKind[] | undefined;
  readonly active?: boolean | undefined;
  readonly description?: string | undefined;
}

export interface WebhookView {
  readonly id: string;
  /** Without any user name and password it holds. */
  readonly url: string;
  readonly departmentId: string | null;
  readonly unitId: string | null;
  readonly kinds: NotificationKind[];
  readonly active: boolean;
}

/**
 * An admin registers or updates a webhook for an organisation (a department, one unit, or everything
 * when neither is given); a receiver the delivery would refuse (not http(s), an inside address) is
 * refused here, on the url field.
 */
export class SetWebhookCommand extends Command<WebhookView> {
  constructor(
    readonly id: string,
    readonly webhook: WebhookSetting,
  ) {
    super();
  }
}

@CommandHandler(SetWebhookCommand)
export class SetWebhookHandler implements ICommandHandler<SetWebhookCommand> {
  constructor(
    @Inject(PostgresRecipientDirectory) private readonly directory: NotificationDirectory,
    @Inject(NOTIFICATIONS_CONFIG) private readonly config: Pick<NotificationsConfig, 'webhook'>,
  ) {}

  async execute(c: SetWebhookCommand): Promise<WebhookView> {
    const { id } = c;
    const { url, secret, departmentId, unitId, kinds, active, description } = c.webhook;
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
}
