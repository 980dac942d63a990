import { type Pool } from 'pg';
import { CLI_ADMIN, request } from '../../apps/cli/src/http-client';
import { type Department, FISCAL_YEAR } from './workload';
import { sleep } from './processes';

/** What the database of one run says after the workload has settled. */
export interface Audit {
  readonly submissions: number;
  /** Submissions without a review, and those with more than one. */
  readonly unreviewed: readonly string[];
  readonly reviewedTwice: readonly string[];
  readonly reviewsWithoutSubmission: readonly string[];
  readonly notificationRequests: number;
  /** Two requests for one (event, channel, recipient, kind). */
  readonly notificationsTwice: readonly string[];
  readonly notificationsOwed: number;
  readonly inboxRows: number;
  readonly inboxDelivered: number;
  readonly eventsProduced: number;
  readonly eventsCopied: number;
  readonly eventsLost: readonly string[];
  readonly eventsCopiedTwice: readonly string[];
  readonly deadLetters: Readonly<Record<string, number>>;
  readonly outbox: Readonly<Record<string, number>>;
}

const SCHEMAS = ['intake', 'review', 'reporting'] as const;

async function column(pool: Pool, sql: string): Promise<string[]> {
  const { rows } = await pool.query<{ v: string }>(sql);
  return rows.map((r) => r.v);
}

export async function audit(pool: Pool): Promise<Audit> {
  const submissions = await column(pool, `SELECT (data->>'sheetId') || '#' || (data->>'submissionNo') AS v FROM intake.events WHERE type = 'SheetSubmitted'`);
  const { rows: opened } = await pool.query<{ v: string; n: number }>(
    `SELECT (data->>'sheetId') || '#' || (data->>'submissionNo') AS v, count(*)::int AS n FROM review.events WHERE type = 'ReviewOpened' GROUP BY 1`,
  );
  const openedCount = new Map(opened.map((r) => [r.v, r.n]));
  const submitted = new Set(submissions);
  const produced = await column(pool, `SELECT event_id::text AS v FROM intake.events UNION ALL SELECT event_id::text FROM review.events`);
  const copied = await column(
    pool,
    `SELECT event_id::text AS v FROM reporting.event_log WHERE generation = (SELECT generation FROM reporting.active_generation)`,
  );
  const copiedSet = new Set(copied);
  const seen = new Set<string>();
  const deadLetters: Record<string, number> = {};
  const outbox: Record<string, number> = {};
  for (const s of SCHEMAS) {
    deadLetters[s] = Number((await column(pool, `SELECT count(*)::text AS v FROM ${s}.dead_letters WHERE replayed_at IS NULL`))[0]);
    if (s !== 'reporting') outbox[s] = Number((await column(pool, `SELECT count(*)::text AS v FROM ${s}.outbox`))[0]);
  }
  const [requests, owed, inboxRows, inboxDelivered] = await Promise.all([
    column(pool, `SELECT count(*)::text AS v FROM review.notification_requests`),
    column(pool, `SELECT count(*)::text AS v FROM review.notification_requests WHERE status NOT IN ('delivered', 'cancelled')`),
    column(pool, `SELECT count(*)::text AS v FROM review.notification_inbox`),
    column(pool, `SELECT count(*)::text AS v FROM review.notification_requests WHERE channel = 'inbox' AND status = 'delivered'`),
  ]);
  return {
    submissions: submissions.length,
    unreviewed: submissions.filter((s) => !openedCount.has(s)),
    reviewedTwice: [...openedCount].filter(([, n]) => n > 1).map(([s]) => s),
    reviewsWithoutSubmission: [...openedCount.keys()].filter((s) => !submitted.has(s)),
    notificationRequests: Number(requests[0]),
    notificationsTwice: await column(
      pool,
      `SELECT source_event_id || ' ' || channel || ' ' || recipient || ' ' || kind AS v FROM review.notification_requests GROUP BY source_event_id, channel, recipient, kind HAVING count(*) > 1`,
    ),
    notificationsOwed: Number(owed[0]),
    inboxRows: Number(inboxRows[0]),
    inboxDelivered: Number(inboxDelivered[0]),
    eventsProduced: produced.length,
    eventsCopied: copied.length,
    eventsLost: produced.filter((id) => !copiedSet.has(id)),
    eventsCopiedTwice: copied.filter((id) => (seen.has(id) ? true : (seen.add(id), false))),
    deadLetters,
    outbox,
  };
}

/** Waits until every produced event is in reporting's copy, the outboxes are empty and no notification is owed. */
export async function settle(pool: Pool, timeoutMs = 180_000): Promise<Audit> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const a = await audit(pool);
    const settled = a.eventsLost.length === 0 && a.outbox.intake === 0 && a.outbox.review === 0 && a.notificationsOwed === 0;
    if (settled || Date.now() > deadline) return a;
    await sleep(1000);
  }
}

/** The consolidated table's checksum (SHA-256 of its canonical form) of each department, as reporting serves it. */
export async function tableChecksums(departments: readonly Department[]): Promise<Record<string, string>> {
  const sums: Record<string, string> = {};
  for (const d of departments) {
    const res = await request<{ checksum: string }>('reporting', 'GET', `/table?department=${encodeURIComponent(d.name)}&fiscalYear=${FISCAL_YEAR}`, { actor: CLI_ADMIN });
    if (res.status !== 200) throw new Error(`GET /table of ${d.name} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
    sums[d.name] = res.body.checksum;
  }
  return sums;
}
