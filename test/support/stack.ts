import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { pgClientConfig } from '../../libs/platform/src/testing/stack-clients';
import { LOCAL_DIR, ROOT, serviceEnv, serviceNodeOptions, type StackEnv } from './e2e-env';

export type ServiceName = 'intake' | 'review' | 'reporting';
export const SERVICE_NAMES: readonly ServiceName[] = ['intake', 'review', 'reporting'];

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
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

export async function dropDatabase(name: string): Promise<void> {
  const client = new Client(pgClientConfig('postgres'));
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

export async function recreateDatabase(name: string): Promise<void> {
  const client = new Client(pgClientConfig('postgres'));
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
}

/** Starts one service from the compiled build, its output appended to .local/logs/e2e-<name>.log. */
export function startService(name: ServiceName, env: StackEnv): ChildProcess {
  mkdirSync(join(LOCAL_DIR, 'logs'), { recursive: true });
  const log = createWriteStream(join(LOCAL_DIR, 'logs', `e2e-${name}.log`), { flags: 'a' });
  log.write(`\n==== e2e run ${env.database} (${new Date().toISOString()}) ====\n`);
  const child = spawn(process.execPath, [...serviceNodeOptions(name), join(ROOT, 'tools', 'run.js'), `apps/${name}/src/main.js`], { env: serviceEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
}

export async function waitForHealth(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
      last = `HTTP ${res.status}: ${await res.text()}`;
    } catch (e) {
      last = (e as Error).message;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`service on port ${port} not healthy after ${timeoutMs} ms: ${last}`);
}

export async function stopProcess(pid: number, timeoutMs = 15_000): Promise<void> {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Stops one service of the e2e stack (the fault tests); startAgain brings it back. */
export async function stopService(name: ServiceName): Promise<void> {
  const { e2eEnv } = await import('./e2e-env');
  const pid = e2eEnv().pids[name];
  if (pid !== undefined) await stopProcess(pid);
}

export async function startAgain(name: ServiceName): Promise<void> {
  const { e2eEnv, e2eEnvFile } = await import('./e2e-env');
  const { writeFileSync } = await import('node:fs');
  const env = e2eEnv();
  const child = startService(name, env);
  child.unref();
  writeFileSync(e2eEnvFile(), JSON.stringify({ ...env, pids: { ...env.pids, [name]: child.pid! } }, null, 2));
  await waitForHealth(env.ports[name], 90_000);
}
