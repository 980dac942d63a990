import { Inject } from '@nestjs/common';
import { type IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { type Actor } from '@budget/domain';
import { type InboxPage, NotificationInbox } from '@budget/notifications';
import { type Inbox } from '../../notifications/notification-ports';

export type InboxAnswer = InboxPage & { readonly unread: number };

export interface InboxPaging {
  readonly unreadOnly?: boolean | undefined;
  readonly limit?: number | undefined;
  readonly before?: string | undefined;
}

/** The caller's own in-app inbox, newest first, a page at a time, with how many are unread. */
export class ReadInboxQuery extends Query<InboxAnswer> {
  constructor(
    readonly actor: Actor,
    readonly paging: InboxPaging,
  ) {
    super();
  }
}

@QueryHandler(ReadInboxQuery)
export class ReadInboxHandler implements IQueryHandler<ReadInboxQuery> {
  constructor(@Inject(NotificationInbox) private readonly inbox: Inbox) {}

  async execute(q: ReadInboxQuery): Promise<InboxAnswer> {
    const { unreadOnly, limit, before } = q.paging;
    const page = await this.inbox.listInbox(q.actor.id, {
      unreadOnly: unreadOnly === true,
      ...(limit !== undefined ? { limit } : {}),
      ...(before ? { before } : {}),
    });
    return { ...page, unread: await this.inbox.unreadCount(q.actor.id) };
  }
}
