import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createConnection } from 'node:net';
import { loadConfig } from '@budget/platform';
import { SessionStore, sessionRedis } from './sessions';

// The sessions' Redis with a password (REDIS_PASSWORD): a redis-server of its own on port 5281
// (REDIS_AUTH_TEST_PORT moves it) with --requirepass, started and stopped here.
jest.setTimeout(30_000);

const PORT = Number(process.env.REDIS_AUTH_TEST_PORT ?? 5281);
const PASSWORD = 'web-sessions-int-password';
const missing = spawnSync('redis-server', ['--version']).error !== undefined;
if (missing) console.warn('redis-auth.int.spec: skipped: redis-server is not on PATH (deploy/infra.sh installs it)');
const maybe = missing ? describe.skip : describe;

function answers(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => done(socket.end() !== undefined));
    socket.on('error', () => done(false));
  });
}

maybe('web sessions on a Redis that requires a password', () => {
  let server: ChildProcess;

  beforeAll(async () => {
    server = spawn('redis-server', ['--port', String(PORT), '--bind', '127.0.0.1', '--requirepass', PASSWORD, '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 100 && !(await answers(PORT)); i++) await new Promise((r) => setTimeout(r, 100));
  });

  afterAll(async () => {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  });

  it('keeps sessions with REDIS_PASSWORD set', async () => {
    const config = loadConfig({ NODE_ENV: 'test', REDIS_PORT: String(PORT), REDIS_PASSWORD: PASSWORD });
    const redis = sessionRedis(config.redis);
    await redis.connect();
    try {
      const store = new SessionStore(redis, 'test-web-auth:', 600, 3600);
      const session = await store.create({ id: 'demo-clerk-u1', role: 'unit_clerk', departmentId: 'd1', unitId: 'u1' }, 'dev');
      expect(await store.get(session.id)).toEqual(session);
    } finally {
      redis.disconnect();
    }
  });

  it('is refused without the password, or with a wrong one', async () => {
    for (const env of [{}, { REDIS_PASSWORD: 'wrong' }]) {
      const config = loadConfig({ NODE_ENV: 'test', REDIS_PORT: String(PORT), ...env });
      const redis = sessionRedis(config.redis);
      redis.on('error', () => undefined);
      try {
        await redis.connect().catch(() => undefined);
        await expect(new SessionStore(redis, 'test-web-auth:', 600, 3600).get('x'.repeat(43))).rejects.toThrow(/NOAUTH|WRONGPASS|invalid password|Authentication required/i);
      } finally {
        redis.disconnect();
      }
    }
  });
});
