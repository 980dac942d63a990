import { AssignerProtocol, type Admin, ConfigResourceTypes } from 'kafkajs';
import { Pool } from 'pg';
import { sleep } from './processes';

export function databasePool(database: string): Pool {
  return new Pool({
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    password: process.env.PGPASSWORD,
    database,
    max: 3,
  });
}

/**
 * The OS pid of the replica holding a schema's outbox relay lock (the session advisory lock of
 * OutboxRelay; replicas name themselves `<schema>@<pid>` in application_name), or null.
 */
export async function relayHolder(pool: Pool, schema: string): Promise<number | null> {
  const { rows } = await pool.query<{ application_name: string }>(
    `SELECT a.application_name
       FROM (SELECT hashtextextended('budget.outbox-relay:' || $1, 0) AS k) key
       JOIN pg_locks l ON l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
                      AND l.classid::bigint = ((key.k >> 32) & 4294967295) AND l.objid::bigint = (key.k & 4294967295)
       JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [schema],
  );
  const match = /@(\d+)$/.exec(rows[0]?.application_name ?? '');
  return match ? Number(match[1]) : null;
}

export interface GroupStatus {
  readonly state: string;
  readonly members: number;
  /** Partitions assigned over all members. */
  readonly assigned: number;
  /** Partitions assigned to each member (one entry per member). */
  readonly perMember: readonly number[];
}

/** A stable group of `members` members, `assigned` partitions in all, and every member holding at least one. */
export function balanced(g: GroupStatus, members: number, assigned: number): boolean {
  return g.state === 'Stable' && g.members === members && g.assigned === assigned && g.perMember.every((n) => n > 0);
}

export interface TopicReplication {
  readonly topic: string;
  /** The replica counts of its partitions (each should be 3). */
  readonly replicationFactors: readonly number[];
  /** The topic's effective min.insync.replicas (its own setting or the brokers' default). */
  readonly minInsyncReplicas: number;
}

/** How each topic is replicated: the replicas of every partition and its effective min.insync.replicas. */
export async function topicReplication(admin: Admin, topics: readonly string[]): Promise<TopicReplication[]> {
  const meta = await admin.fetchTopicMetadata({ topics: [...topics] });
  const configs = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((name) => ({ type: ConfigResourceTypes.TOPIC, name, configNames: ['min.insync.replicas'] })),
  });
  return topics.map((topic) => {
    const partitions = meta.topics.find((t) => t.name === topic)?.partitions ?? [];
    const entry = configs.resources.find((r) => r.resourceName === topic)?.configEntries.find((e) => e.configName === 'min.insync.replicas');
    return { topic, replicationFactors: partitions.map((p) => p.replicas.length), minInsyncReplicas: Number(entry?.configValue ?? NaN) };
  });
}

export async function groupStatus(admin: Admin, groupId: string): Promise<GroupStatus> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  if (!group) return { state: 'Unknown', members: 0, assigned: 0, perMember: [] };
  const perMember = group.members.map((m) => {
    const decoded = m.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(m.memberAssignment) : null;
    return Object.values(decoded?.assignment ?? {}).reduce((n, partitions) => n + partitions.length, 0);
  });
  return { state: group.state, members: group.members.length, assigned: perMember.reduce((a, b) => a + b, 0), perMember };
}

/** Polls until `done` holds; resolves with the milliseconds it took from `since`. */
export async function until(what: string, since: number, done: () => Promise<boolean>, timeoutMs = 120_000, everyMs = 100): Promise<number> {
  const deadline = since + timeoutMs;
  for (;;) {
    try {
      if (await done()) return Date.now() - since;
    } catch {
      // a probe failing (a broker down) is "not yet"
    }
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

/**
 * Watches the reporting projection's position while the workload runs and keeps the longest time
 * between two advances (a pause a reader of the consolidated table would see).
 */
export class ProjectionWatch {
  private timer: NodeJS.Timeout | null = null;
  private last = -1;
  private lastChange = Date.now();
  longestPauseMs = 0;
  longestPauseAt = '';

  constructor(private readonly pool: Pool) {}

  start(): void {
    this.lastChange = Date.now();
    const tick = async (): Promise<void> => {
      try {
        const { rows } = await this.pool.query<{ p: string }>('SELECT coalesce(max(position), 0)::text AS p FROM reporting.event_log');
        const position = Number(rows[0]?.p ?? 0);
        const now = Date.now();
        if (position !== this.last) {
          if (this.last >= 0 && now - this.lastChange > this.longestPauseMs) {
            this.longestPauseMs = now - this.lastChange;
            this.longestPauseAt = new Date(this.lastChange).toISOString();
          }
          this.last = position;
          this.lastChange = now;
        }
      } catch {
        // the next tick tries again
      }
      if (this.timer) this.timer = setTimeout(() => void tick(), 200);
    };
    this.timer = setTimeout(() => void tick(), 200);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
