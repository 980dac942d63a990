import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
export const LOCAL_DIR = process.env.BUDGET_LOCAL_DIR ?? join(ROOT, '.local');
/** Where the cluster test keeps its brokers' data and logs. */
export const CLUSTER_DIR = join(LOCAL_DIR, 'kafka-cluster');
/**
 * One file per process the test started (broker-2.pid, intake-1.pid, …): scripts/test-cluster.sh
 * stops whatever is still listed there when it exits, even if the test itself was killed.
 */
export const PID_DIR = join(LOCAL_DIR, 'cluster-test', 'pids');

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function recordPid(name: string, pid: number): void {
  mkdirSync(PID_DIR, { recursive: true });
  writeFileSync(join(PID_DIR, `${name}.pid`), `${pid}\n`);
}

export function forgetPid(name: string): void {
  rmSync(join(PID_DIR, `${name}.pid`), { force: true });
}
