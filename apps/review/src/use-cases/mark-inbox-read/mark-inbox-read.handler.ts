import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { NotificationInbox } from '@budget/notifications';
import { type Inbox } from '../../notifications/notification-ports';

export interface MarkedRead {
  /** How many of the caller's items changed (already read or someone else's: not counted). */
  readonly marked: number;
  readonly unread: number;
}

/** The caller marks items of their own inbox read: the ones named, or all of them. */
export class MarkInboxReadCommand extends Command<MarkedRead> {
  constructor(
    readonly actor: Actor,
    readonly which: { readonly all?: boolean | undefined; readonly ids?: readonly string[] | undefined },
  ) {
    super();
  }
}

@CommandHandler(MarkInboxReadCommand)
export class MarkInboxReadHandler implements ICommandHandler<MarkInboxReadCommand> {
  constructor(@Inject(NotificationInbox) private readonly inbox: Inbox) {}

  async execute(c: MarkInboxReadCommand): Promise<MarkedRead> {
    const { all, ids } = c.which;
    const marked = all === true ? await this.inbox.markAllRead(c.actor.id) : await this.inbox.markRead(c.actor.id, ids ?? []);
    return { marked, unread: await this.inbox.unreadCount(c.actor.id) };
  }
}
