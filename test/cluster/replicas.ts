import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { waitForHealth } from '../support/stack';
import { forgetPid, LOCAL_DIR, recordPid, ROOT, sleep } from './processes';

export type ServiceName = 'intake' | 'review' | 'reporting';
export const SERVICES: readonly ServiceName[] = ['intake', 'review', 'reporting'];

export interface StackOptions {
  /** Names the run in logs and pid files: `single` or `cluster`. */
  readonly label: string;
  readonly database: string;
  /** Topics and consumer groups (and, without its dot, the BullMQ prefix) of this run. */
  readonly prefix: string;
  readonly brokers: readonly string[];
  /** Per service, one port per replica. */
  readonly ports: Readonly<Record<ServiceName, readonly number[]>>;
  readonly smtpPort: number;
}

interface Replica {
  readonly service: ServiceName;
  readonly index: number;
  readonly port: number;
  child: ChildProcess | null;
}

/** The three services as N replicas each, from dist (tools/run.js), each on its own port. */
export class Stack {
  private readonly replicas: Replica[];

  constructor(readonly opts: StackOptions) {
    this.replicas = SERVICES.flatMap((service) => opts.ports[service].map((port, index) => ({ service, index, port, child: null })));
  }

  private replica(service: ServiceName, index: number): Replica {
    const r = this.replicas.find((x) => x.service === service && x.index === index);
    if (!r) throw new Error(`no replica ${service}#${index}`);
    return r;
  }

  private env(r: Replica): NodeJS.ProcessEnv {
    return {
      ...process.env,
      NODE_ENV: 'test',
      PGDATABASE: this.opts.database,
      KAFKA_BROKERS: this.opts.brokers.join(','),
      KAFKA_TOPIC_PREFIX: this.opts.prefix,
      // A crashed replica's partitions go to the others after 10 s instead of kafkajs' 30 s.
      KAFKA_SESSION_TIMEOUT_MS: '10000',
      NOTIFICATIONS_QUEUE_PREFIX: this.opts.prefix.replace(/\.$/, ''),
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(this.opts.smtpPort),
      RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
      RATE_LIMIT_IMPORTS_PER_MINUTE: '1000000',
      RATE_LIMIT_EXPORTS_PER_MINUTE: '1000000',
      CHECKPOINT_INTERVAL_SECONDS: '0',
      PG_POOL_SIZE: '6',
      [`${r.service.toUpperCase()}_PORT`]: String(r.port),
      BUDGET_SKIP_BUILD: '1',
    };
  }

  /** Starts one replica; resolves when it answers /health. */
  async start(service: ServiceName, index: number): Promise<void> {
    const r = this.replica(service, index);
    const name = `${this.opts.label}-${service}-${index + 1}`;
    mkdirSync(join(LOCAL_DIR, 'logs'), { recursive: true });
    const log = createWriteStream(join(LOCAL_DIR, 'logs', `cluster-${name}.log`), { flags: 'a' });
    log.write(`\n==== ${new Date().toISOString()} ${name} on port ${r.port} ====\n`);
    const child = spawn(process.execPath, [join(ROOT, 'tools', 'run.js'), `apps/${service}/src/main.js`], { env: this.env(r), stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    child.on('exit', (code, signal) => log.write(`==== ${new Date().toISOString()} ${name} exited (${signal ?? `code ${code}`}) ====\n`));
    r.child = child;
    recordPid(name, child.pid!);
    await waitForHealth(r.port, 120_000);
  }

  async startAll(): Promise<void> {
    // Replicas of one service start together: their migrations take turns (withSchemaLock).
    await Promise.all(this.replicas.map((r) => this.start(r.service, r.index)));
  }

  pid(service: ServiceName, index: number): number | undefined {
    return this.replica(service, index).child?.pid;
  }

  /** The replica whose process has this pid. */
  byPid(pid: number): { service: ServiceName; index: number } | undefined {
    const r = this.replicas.find((x) => x.child?.pid === pid);
    return r && { service: r.service, index: r.index };
  }

  /** The ports of a service's replicas that are running. */
  livePorts(service: ServiceName): number[] {
    return this.replicas.filter((r) => r.service === service && r.child !== null).map((r) => r.port);
  }

  /** SIGKILL: no shutdown hook runs, nothing is handed over. */
  kill(service: ServiceName, index: number): void {
    const r = this.replica(service, index);
    r.child?.kill('SIGKILL');
    r.child = null;
    forgetPid(`${this.opts.label}-${service}-${index + 1}`);
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      this.replicas.map(async (r) => {
        const child = r.child;
        r.child = null;
        if (!child) return;
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          for (let i = 0; i < 100 && child.exitCode === null && child.signalCode === null; i++) await sleep(100);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }
        forgetPid(`${this.opts.label}-${r.service}-${r.index + 1}`);
      }),
    );
  }
}
