import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { type Pool } from 'pg';
import { createKafka } from '@budget/messaging';
import { hs256Secret, issueToken, loadConfig } from '@budget/platform';
import { type Actor } from '@budget/domain';

export type ServiceName = 'intake' | 'review' | 'reporting';

const ROOT = join(__dirname, '..', '..', '..');
export const LOCAL_DIR = process.env.BUDGET_LOCAL_DIR ?? join(ROOT, '.local');

/** Where a benchmark's own services run: a database, topic prefix and ports of its own. */
export interface BenchStack {
  readonly database: string;
  readonly topicPrefix: string;
  readonly ports: Record<ServiceName, number>;
  /** Each service's /metrics port (METRICS_PORT, loopback): the benchmark reads their statement counters there. */
  readonly metricsPorts: Record<ServiceName, number>;
  readonly processes: Partial<Record<ServiceName, ChildProcess>>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function newStack(runId: string, database: string): Promise<BenchStack> {
  return {
    database,
    topicPrefix: `bench-${runId}.`,
    ports: { intake: await freePort(), review: await freePort(), reporting: await freePort() },
    metricsPorts: { intake: await freePort(), review: await freePort(), reporting: await freePort() },
    processes: {},
  };
}

function serviceEnv(stack: BenchStack, name: ServiceName, smtpPort: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PGDATABASE: stack.database,
    KAFKA_TOPIC_PREFIX: stack.topicPrefix,
    NOTIFICATIONS_QUEUE_PREFIX: stack.topicPrefix.replace(/\.$/, ''),
    // Nobody listens there: e-mails fail fast and are given up after one attempt.
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(smtpPort),
    EMAIL_ATTEMPTS: '1',
    WEBHOOK_ATTEMPTS: '1',
    // A benchmark is one or a few users at machine speed: the per-user rate limits would measure themselves.
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000000',
    RATE_LIMIT_IMPORTS_PER_MINUTE: '1000000000',
    RATE_LIMIT_EXPORTS_PER_MINUTE: '1000000000',
    INTAKE_PORT: String(stack.ports.intake),
    REVIEW_PORT: String(stack.ports.review),
    REPORTING_PORT: String(stack.ports.reporting),
    BUDGET_SKIP_BUILD: '1',
    METRICS_PORT: String(stack.metricsPorts[name]),
    METRICS_HOST: '127.0.0.1',
    METRICS_TOKEN: '',
  };
}

/** Node's options for a service, from deploy/service-node-options.json (as scripts/services.sh and the Kubernetes manifests start them). */
export function serviceNodeOptions(name: string): string[] {
  return (JSON.parse(readFileSync(join(ROOT, 'deploy', 'service-node-options.json'), 'utf8')) as Record<string, string[]>)[name] ?? [];
}

/**
 * Starts one service from the build, its output in .local/logs/bench-<name>.log. BENCH_SERVICE_NODE_ARGS
 * adds node options to the services, e.g. `--cpu-prof --cpu-prof-dir=.local/profiles` to profile them
 * (node refuses --cpu-prof in NODE_OPTIONS).
 */
export async function startService(stack: BenchStack, name: ServiceName): Promise<void> {
  mkdirSync(join(LOCAL_DIR, 'logs'), { recursive: true });
  const path = join(LOCAL_DIR, 'logs', `bench-${name}.log`);
  appendFileSync(path, `\n==== bench ${stack.database} (${new Date().toISOString()}) ====\n`);
  // The service writes its log to the file itself: piped through this process, its lines cost the load generator CPU.
  const log = openSync(path, 'a');
  const nodeArgs = [...serviceNodeOptions(name), ...(process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean)];
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'tools', 'run.js'), `apps/${name}/src/main.js`], {
    env: serviceEnv(stack, name, await freePort()),
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  stack.processes[name] = child;
  await waitForHealth(stack.ports[name], 120_000, child);
}

export async function waitForHealth(port: number, timeoutMs: number, child?: ChildProcess): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`service on port ${port} exited with code ${child.exitCode} (see .local/logs/bench-*.log)`);
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`service on port ${port} not healthy after ${timeoutMs} ms: ${last}`);
}

export async function stopService(stack: BenchStack, name: ServiceName): Promise<void> {
  const child = stack.processes[name];
  delete stack.processes[name];
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

export async function stopAll(stack: BenchStack): Promise<void> {
  await Promise.all((Object.keys(stack.processes) as ServiceName[]).map((name) => stopService(stack, name)));
}

/** Deletes the stack's topics from the shared broker. */
export async function deleteTopics(stack: BenchStack, extra: readonly string[] = []): Promise<void> {
  const kafka = createKafka({ brokers: loadConfig().kafka.brokers, clientId: 'bench-cleanup', logger: () => undefined });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(stack.topicPrefix) || extra.includes(t));
    if (topics.length > 0) await admin.deleteTopics({ topics, timeout: 30_000 });
  } finally {
    await admin.disconnect();
  }
}

export function bearer(actor: Actor): string {
  const { jwt } = loadConfig();
  return `Bearer ${issueToken(hs256Secret(jwt), jwt.issuer, actor)}`;
}

export const BENCH_ADMIN: Actor = { id: 'bench-admin', role: 'admin', name: '基准测试管理员' };

export async function http<T = unknown>(
  port: number,
  method: string,
  path: string,
  opts: { actor?: Actor; json?: unknown; text?: string; timeoutMs?: number } = {},
): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { authorization: bearer(opts.actor ?? BENCH_ADMIN) };
  let body: string | undefined;
  if (opts.json !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.text !== undefined) {
    headers['content-type'] = 'text/plain; charset=utf-8';
    body = opts.text;
  }
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { method, headers, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000) });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T };
}

/** `budget_db_statements_total` of one service (every origin summed): the statements its process has sent so far. */
export async function statementsOf(stack: BenchStack, name: ServiceName): Promise<number> {
  const res = await fetch(`http://127.0.0.1:${stack.metricsPorts[name]}/metrics`, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`${name}'s /metrics answered ${res.status}`);
  let total = 0;
  for (const line of (await res.text()).split('\n')) {
    const m = /^budget_db_statements_total(?:\{[^}]*\})?\s+([0-9.eE+-]+)$/.exec(line);
    if (m) total += Number(m[1]);
  }
  return total;
}

export type StatementCounts = Record<ServiceName, number>;

export async function statementCounts(stack: BenchStack): Promise<StatementCounts> {
  const [intake, review, reporting] = await Promise.all((['intake', 'review', 'reporting'] as const).map((n) => statementsOf(stack, n)));
  return { intake: intake!, review: review!, reporting: reporting! };
}

/** The CPU time (ms) a process has used so far, user + system, from /proc/<pid>/stat; 0 when it is gone. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on: utime is field 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** CPU ms used so far by each PostgreSQL backend serving `pool`'s database (but the asking one), by pid. */
export async function postgresBackendsCpuMs(pool: Pool): Promise<Map<number, number>> {
  const backends = await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
  return new Map(backends.rows.map((r) => [r.pid, cpuMsOf(r.pid)]));
}

/** CPU ms the backends used between two postgresBackendsCpuMs: one that started in between counts from zero, one that ended is lost (pools keep theirs). */
export function postgresCpuMsBetween(before: ReadonlyMap<number, number>, after: ReadonlyMap<number, number>): number {
  return [...after].reduce((ms, [pid, used]) => ms + used - (before.get(pid) ?? 0), 0);
}

/** A process's resident memory (VmRSS), MiB, from /proc/<pid>/status; 0 when it is gone. */
export function residentMiB(pid: number): number {
  try {
    const kib = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kib === undefined ? 0 : Math.round(Number(kib) / 1024);
  } catch {
    return 0;
  }
}

/** Busy CPU time (ms) of the whole machine so far, every core and process, from /proc/stat. */
export function machineBusyMs(): number {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    // user nice system idle iowait irq softirq steal (guest time is already in user)
    const busy = cpu[0]! + cpu[1]! + cpu[2]! + cpu[5]! + cpu[6]! + cpu[7]!;
    return (busy * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK). */
const CLOCK_TICKS = 100;
