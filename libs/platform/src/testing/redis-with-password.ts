import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';

/** Whether `redis-server` can be started here (deploy/infra.sh installs it where it can). */
export const REDIS_SERVER_MISSING = spawnSync('redis-server', ['--version']).error !== undefined;

function answers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => done(socket.end() !== undefined));
    socket.on('error', () => done(false));
  });
}

/** A redis-server of a test's own on `port` that requires `password` (no persistence); stop() ends it. */
export async function startRedisWithPassword(port: number, password: string): Promise<{ stop(): Promise<void> }> {
  const server: ChildProcess = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--requirepass', password, '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  for (let i = 0; i < 100 && !(await answers(port)); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    async stop() {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    },
  };
}
