import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { forgetPid, recordPid, sleep } from './processes';

const run = promisify(execFile);

export interface KafkaClusterOptions {
  /** Data, logs and pid files (wiped on start: a throwaway cluster). */
  readonly dir: string;
  /** The broker jars deploy/infra.sh fetched (`infra.sh kafka-jars`). */
  readonly libs: string;
  /** Broker N listens on basePort + N, its controller on basePort + 10 + N. */
  readonly basePort: number;
  readonly root: string;
  readonly brokers?: number;
}

/**
 * A KRaft cluster of three combined broker+controller JVMs from the same jars and template as the
 * development broker (deploy/kafka/server.properties), every internal topic replicated three times.
 * Brokers are started as direct children (their pid is the JVM's), so a broker can be SIGKILLed.
 */
export class KafkaCluster {
  readonly ids: readonly number[];
  private readonly children = new Map<number, ChildProcess>();

  constructor(private readonly opts: KafkaClusterOptions) {
    this.ids = Array.from({ length: opts.brokers ?? 3 }, (_, i) => i + 1);
  }

  get bootstrap(): string[] {
    return this.ids.map((id) => `127.0.0.1:${this.port(id)}`);
  }

  port(id: number): number {
    return this.opts.basePort + id;
  }

  private controllerPort(id: number): number {
    return this.opts.basePort + 10 + id;
  }

  private brokerDir(id: number): string {
    return join(this.opts.dir, `broker-${id}`);
  }

  private java(id: number): string[] {
    return [
      '-Xms128m',
      '-Xmx384m',
      '-XX:+UseSerialGC',
      '-XX:TieredStopAtLevel=1',
      '-XX:+ExitOnOutOfMemoryError',
      '-Djava.awt.headless=true',
      `-Dkafka.logs.dir=${join(this.brokerDir(id), 'logs')}`,
      `-Dlog4j2.configurationFile=${join(this.opts.root, 'deploy', 'kafka', 'log4j2.xml')}`,
      '-cp',
      `${this.opts.libs}/*`,
    ];
  }

  /** Writes each broker's properties and formats its storage with one cluster id. */
  async format(): Promise<void> {
    rmSync(this.opts.dir, { recursive: true, force: true });
    const template = readFileSync(join(this.opts.root, 'deploy', 'kafka', 'server.properties'), 'utf8');
    const voters = this.ids.map((id) => `${id}@127.0.0.1:${this.controllerPort(id)}`).join(',');
    let clusterId = '-';
    while (clusterId.startsWith('-')) clusterId = randomBytes(16).toString('base64url');
    await Promise.all(
      this.ids.map(async (id) => {
        const dir = this.brokerDir(id);
        mkdirSync(join(dir, 'logs'), { recursive: true });
        const props = template
          .replaceAll('@KAFKA_HOST@', '127.0.0.1')
          .replaceAll('@KAFKA_PORT@', String(this.port(id)))
          .replaceAll('@KAFKA_CONTROLLER_PORT@', String(this.controllerPort(id)))
          .replaceAll('@KAFKA_DATA_DIR@', join(dir, 'data'));
        // A later key wins in a .properties file: the template, then what makes it one of three.
        writeFileSync(
          join(dir, 'server.properties'),
          `${props}
# --- test/cluster: broker ${id} of a three-node KRaft cluster (static quorum), everything replicated 3×
node.id=${id}
controller.quorum.voters=${voters}
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
offsets.topic.num.partitions=6
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
num.io.threads=2
background.threads=2
`,
        );
        await run('java', [...this.java(id), 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', join(dir, 'server.properties')]);
      }),
    );
  }

  /** Starts broker `id` (its log in broker-N/logs/kafka.out). */
  start(id: number): void {
    const out = openSync(join(this.brokerDir(id), 'logs', 'kafka.out'), 'a');
    const child = spawn('java', [...this.java(id), 'kafka.Kafka', join(this.brokerDir(id), 'server.properties')], { stdio: ['ignore', out, out] });
    closeSync(out);
    this.children.set(id, child);
    recordPid(`broker-${id}`, child.pid!);
  }

  startAll(): void {
    for (const id of this.ids) this.start(id);
  }

  /** SIGKILL: the broker gets no chance to hand over its partitions or controller role. */
  kill(id: number): void {
    const child = this.children.get(id);
    if (child?.pid !== undefined && child.exitCode === null) child.kill('SIGKILL');
    this.children.delete(id);
    forgetPid(`broker-${id}`);
  }

  async stopAll(): Promise<void> {
    await Promise.all(
      [...this.children.entries()].map(async ([id, child]) => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill('SIGTERM');
          for (let i = 0; i < 150 && child.exitCode === null && child.signalCode === null; i++) await sleep(100);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
        }
        forgetPid(`broker-${id}`);
      }),
    );
    this.children.clear();
  }

  /** Waits until `count` brokers are registered and every partition of `topics` has its full ISR. */
  async waitReady(count: number, topics: readonly string[] = [], timeoutMs = 120_000): Promise<void> {
    const kafka = new Kafka({ clientId: 'cluster-test-probe', brokers: this.bootstrap, logLevel: logLevel.NOTHING, connectionTimeout: 1000, requestTimeout: 5000, retry: { retries: 0 } });
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const admin = kafka.admin();
      try {
        await admin.connect();
        const { brokers } = await admin.describeCluster();
        if (brokers.length >= count) {
          if (topics.length === 0) return;
          const meta = await admin.fetchTopicMetadata({ topics: [...topics] });
          const short = meta.topics.flatMap((t) => t.partitions.filter((p) => p.isr.length < p.replicas.length));
          if (short.length === 0) return;
          last = `${short.length} partitions without their full ISR`;
        } else {
          last = `${brokers.length} brokers registered`;
        }
      } catch (e) {
        last = (e as Error).message;
      } finally {
        await admin.disconnect().catch(() => undefined);
      }
      await sleep(300);
    }
    throw new Error(`the Kafka cluster was not ready (${count} brokers) within ${timeoutMs} ms: ${last}`);
  }
}
