import { type Pool } from 'pg';
import { ROLES, type Role } from '@budget/domain';
import { queryPrepared } from '@budget/event-store';
import { assertSchemaName } from './ids';
import {
  type Audience,
  type DirectoryAnswers,
  NOTIFICATION_KINDS,
  type NotificationKind,
  type Queryable,
  type Recipient,
  type RecipientDirectory,
  type SubscriptionQuery,
  type WebhookSubscription,
} from './types';

interface ContactRow {
  user_id: string;
  name: string | null;
  role: string | null;
  post: string | null;
  department_id: string | null;
  unit_id: string | null;
  email: string | null;
}

interface SubscriptionRow {
  id: string;
  department_id: string | null;
  unit_id: string | null;
  url: string;
  secret: string;
  kinds: string[];
  active: boolean;
}

export interface ContactInput {
  readonly userId: string;
  readonly name?: string;
  /** A sign-in role, or none for someone who only holds a post (a supervisor told of overdue tasks). */
  readonly role?: Role;
  readonly post?: string;
  readonly departmentId?: string;
  readonly unitId?: string;
  readonly email?: string;
  readonly emailEnabled?: boolean;
  readonly active?: boolean;
}

export interface WebhookSubscriptionInput {
  readonly id: string;
  readonly departmentId?: string;
  readonly unitId?: string;
  readonly url: string;
  /** At least 16 characters. */
  readonly secret: string;
  readonly kinds?: readonly NotificationKind[];
  readonly active?: boolean;
  readonly description?: string;
}

/**
 * The directory in `notification_contacts` and `notification_webhook_subscriptions` (see
 * notificationsSchemaSql). Matching is the SQL twin of `recipientMatches` / `subscriptionMatches`.
 */
export class PostgresRecipientDirectory implements RecipientDirectory {
  private readonly s: string;

  constructor(
    private readonly pool: Pool,
    opts: { readonly schema: string },
  ) {
    this.s = `"${assertSchemaName(opts.schema)}"`;
  }

  async recipients(audience: Audience, db: Queryable = this.pool): Promise<readonly Recipient[]> {
    return (await this.lookup([audience], [], db)).recipients[0]!;
  }

  /** One active person of the directory by user id (whether or not they ever signed in); undefined if unknown or inactive. */
  async contact(userId: string, db: Queryable = this.pool): Promise<Recipient | undefined> {
    const { rows } = await db.query<ContactRow>(
      `SELECT user_id, name, role, post, department_id, unit_id, CASE WHEN email_enabled THEN email END AS email FROM ${this.s}.notification_contacts WHERE active AND user_id = $1`,
      [userId],
    );
    return rows[0] ? toRecipient(rows[0]) : undefined;
  }

  async webhookSubscriptions(scope: { readonly departmentId: string; readonly unitId: string }, kind: NotificationKind, db: Queryable = this.pool): Promise<readonly WebhookSubscription[]> {
    return (await this.lookup([], [{ scope, kind }], db)).subscriptions[0]!;
  }

  /**
   * Every question in one statement: a branch per audience and per subscription query, each row
   * tagged with its question, ordered within a question as the single lookups order theirs.
   */
  async lookup(audiences: readonly Audience[], subscriptions: readonly SubscriptionQuery[], db: Queryable = this.pool): Promise<DirectoryAnswers> {
    if (audiences.length === 0 && subscriptions.length === 0) return { recipients: [], subscriptions: [] };
    const params: unknown[] = [];
    const param = (value: unknown): string => {
      params.push(value);
      return `$${params.length}::text`;
    };
    const contact = (where: string): string =>
      `SELECT user_id, name, role, post, department_id, unit_id, CASE WHEN email_enabled THEN email END AS email FROM ${this.s}.notification_contacts WHERE active AND ${where}`;
    const branches = audiences.map((audience, i) => {
      let where: string;
      switch (audience.type) {
        case 'unit_clerks':
          where = `role = 'unit_clerk' AND unit_id = ${param(audience.unitId)}`;
          break;
        case 'unit':
          where = `role IN ('unit_clerk', 'unit_head') AND unit_id = ${param(audience.unitId)}`;
          break;
        case 'supervisors': {
          const departmentId = param(audience.departmentId);
          where = `post = ${param(audience.post)} AND (department_id IS NULL OR department_id = ${departmentId})`;
          break;
        }
        case 'reviewers': {
          const unitId = param(audience.unitId ?? null);
          const departmentId = param(audience.departmentId ?? null);
          where = `role = ${param(audience.role)} AND (${unitId} IS NULL OR unit_id = ${unitId}) AND (${departmentId} IS NULL OR department_id IS NULL OR department_id = ${departmentId})`;
          break;
        }
      }
      return `SELECT ${i} AS part, user_id AS sort_key, to_jsonb(c) AS row FROM (${contact(where)}) c`;
    });
    subscriptions.forEach(({ scope, kind }, j) => {
      branches.push(
        `SELECT ${audiences.length + j} AS part, id AS sort_key, to_jsonb(w) AS row FROM (
           SELECT id, department_id, unit_id, url, secret, kinds, active FROM ${this.s}.notification_webhook_subscriptions
            WHERE active AND (department_id IS NULL OR department_id = ${param(scope.departmentId)}) AND (unit_id IS NULL OR unit_id = ${param(scope.unitId)})
              AND (cardinality(kinds) = 0 OR ${param(kind)} = ANY(kinds))) w`,
      );
    });
    const { rows } = await queryPrepared<{ part: number; row: ContactRow | SubscriptionRow }>(db, `${branches.join('\nUNION ALL\n')}\nORDER BY part, sort_key`, params);
    const recipients: Recipient[][] = audiences.map(() => []);
    const found: WebhookSubscription[][] = subscriptions.map(() => []);
    for (const { part, row } of rows) {
      if (part < audiences.length) recipients[part]!.push(toRecipient(row as ContactRow));
      else found[part - audiences.length]!.push(toSubscription(row as SubscriptionRow));
    }
    return { recipients, subscriptions: found };
  }

  async webhookSubscription(id: string, db: Queryable = this.pool): Promise<WebhookSubscription | undefined> {
    const { rows } = await db.query<SubscriptionRow>(
      `SELECT id, department_id, unit_id, url, secret, kinds, active FROM ${this.s}.notification_webhook_subscriptions WHERE id = $1`,
      [id],
    );
    return rows[0] ? toSubscription(rows[0]) : undefined;
  }

  async upsertContact(contact: ContactInput, db: Queryable = this.pool): Promise<void> {
    await db.query(
      `INSERT INTO ${this.s}.notification_contacts (user_id, name, role, department_id, unit_id, email, email_enabled, active, post)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (user_id) DO UPDATE SET name = EXCLUDED.name, role = EXCLUDED.role, post = EXCLUDED.post, department_id = EXCLUDED.department_id,
         unit_id = EXCLUDED.unit_id, email = EXCLUDED.email, email_enabled = EXCLUDED.email_enabled, active = EXCLUDED.active, updated_at = now()`,
      [
        contact.userId,
        contact.name ?? null,
        contact.role ?? null,
        contact.departmentId ?? null,
        contact.unitId ?? null,
        contact.email ?? null,
        contact.emailEnabled ?? true,
        contact.active ?? true,
        contact.post ?? null,
      ],
    );
  }

  async upsertWebhookSubscription(subscription: WebhookSubscriptionInput, db: Queryable = this.pool): Promise<void> {
    await db.query(
      `INSERT INTO ${this.s}.notification_webhook_subscriptions (id, department_id, unit_id, url, secret, kinds, active, description)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET department_id = EXCLUDED.department_id, unit_id = EXCLUDED.unit_id, url = EXCLUDED.url,
         secret = EXCLUDED.secret, kinds = EXCLUDED.kinds, active = EXCLUDED.active, description = EXCLUDED.description, updated_at = now()`,
      [
        subscription.id,
        subscription.departmentId ?? null,
        subscription.unitId ?? null,
        subscription.url,
        subscription.secret,
        [...(subscription.kinds ?? [])],
        subscription.active ?? true,
        subscription.description ?? null,
      ],
    );
  }

  /** Deactivated subscriptions receive nothing more; deliveries already owed to them are cancelled when their turn comes. */
  async setWebhookSubscriptionActive(id: string, active: boolean, db: Queryable = this.pool): Promise<boolean> {
    const { rows } = await db.query(`UPDATE ${this.s}.notification_webhook_subscriptions SET active = $2, updated_at = now() WHERE id = $1 RETURNING id`, [id, active]);
    return rows.length > 0;
  }
}

function toRecipient(row: ContactRow): Recipient {
  if (row.role !== null && !(ROLES as readonly string[]).includes(row.role)) throw new Error(`notification_contacts.role of ${row.user_id} is not a role: ${row.role}`);
  return {
    userId: row.user_id,
    ...(row.role === null ? {} : { role: row.role as Role }),
    ...(row.post === null ? {} : { post: row.post }),
    ...(row.name === null ? {} : { name: row.name }),
    ...(row.department_id === null ? {} : { departmentId: row.department_id }),
    ...(row.unit_id === null ? {} : { unitId: row.unit_id }),
    ...(row.email === null || row.email.trim() === '' ? {} : { email: row.email }),
  };
}

function toSubscription(row: SubscriptionRow): WebhookSubscription {
  return {
    id: row.id,
    url: row.url,
    secret: row.secret,
    active: row.active,
    kinds: row.kinds.filter((k): k is NotificationKind => (NOTIFICATION_KINDS as readonly string[]).includes(k)),
    ...(row.department_id === null ? {} : { departmentId: row.department_id }),
    ...(row.unit_id === null ? {} : { unitId: row.unit_id }),
  };
}
