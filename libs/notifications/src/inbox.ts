import { type Pool } from 'pg';
import { assertSchemaName } from './ids';
import { type NotificationKind } from './types';

export interface InboxItem {
  readonly id: string;
  readonly kind: NotificationKind;
  readonly title: string;
  readonly body: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly createdAt: Date;
  readonly readAt: Date | null;
}

export interface InboxPage {
  readonly items: InboxItem[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  readonly nextBefore: string | null;
}

export interface ListInboxOptions {
  readonly unreadOnly?: boolean;
  /** 1‥200, default 50. */
  readonly limit?: number;
  /** An item id: only items older than it (keyset paging, stable while new items arrive). */
  readonly before?: string;
}

interface InboxRow {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  data: Record<string, unknown>;
  created_at: Date;
  read_at: Date | null;
}

/** The read side of the in-app inbox. Every call is scoped to one user: nobody reads or marks another's items. */
export class NotificationInbox {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    opts: { readonly schema: string },
  ) {
    this.s = `"${assertSchemaName(opts.schema)}"`;
  }

  /** Newest first. */
  async listInbox(userId: string, opts: ListInboxOptions = {}): Promise<InboxPage> {
    const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 50), 1), 200);
    const { rows } = await this.pool.query<InboxRow>(
      `SELECT i.id, i.kind, i.title, i.body, i.data, i.created_at, i.read_at
       FROM ${this.s}.notification_inbox i
       WHERE i.user_id = $1
         AND (NOT $2 OR i.read_at IS NULL)
         AND ($3::text IS NULL OR (i.created_at, i.id) < (SELECT c.created_at, c.id FROM ${this.s}.notification_inbox c WHERE c.id = $3 AND c.user_id = $1))
       ORDER BY i.created_at DESC, i.id DESC
       LIMIT $4`,
      [userId, opts.unreadOnly ?? false, opts.before ?? null, limit + 1],
    );
    const items = rows.slice(0, limit).map((r) => ({
      id: r.id,
      kind: r.kind,
      title: r.title,
      body: r.body,
      data: r.data,
      createdAt: r.created_at,
      readAt: r.read_at,
    }));
    const last = items[items.length - 1];
    return { items, nextBefore: rows.length > limit && last ? last.id : null };
  }

  /** Marks the user's own items read; returns how many changed (already read or someone else's: not counted). */
  async markRead(userId: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    const { rowCount } = await this.pool.query(
      `UPDATE ${this.s}.notification_inbox SET read_at = now() WHERE user_id = $1 AND id = ANY($2::text[]) AND read_at IS NULL`,
      [userId, [...ids]],
    );
    return rowCount ?? 0;
  }

  async markAllRead(userId: string): Promise<number> {
    const { rowCount } = await this.pool.query(`UPDATE ${this.s}.notification_inbox SET read_at = now() WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return rowCount ?? 0;
  }

  async unreadCount(userId: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${this.s}.notification_inbox WHERE user_id = $1 AND read_at IS NULL`, [userId]);
    return rows[0]?.n ?? 0;
  }
}
