import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import stackSetup from '../support/global-setup';
import { e2eEnv, e2eEnvFile, LOCAL_DIR, ROOT, serviceEnv } from '../support/e2e-env';
import { freePort, waitForHealth } from '../support/stack';
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

/**
 * The browser tests' stack: the same as the e2e tests' (a fresh database, topics and queues of its
 * own, the three services on free ports), plus the web application's server in front of them.
 * The web server's address reaches the tests in WEB_BASE_URL. A second web server, in production
 * mode, signs in through the run's OpenID provider (WEB_PRODUCTION_URL).
 */
export default async function globalSetup(): Promise<void> {
  // The services accept the committed development secret only in development or test (Jest sets this itself).
  process.env.NODE_ENV ??= 'test';
  await stackSetup();
  const env = e2eEnv();
  const port = await freePort();
  const log = createWriteStream(join(LOCAL_DIR, 'logs', 'e2e-web.log'), { flags: 'a' });
  log.write(`\n==== browser run ${env.database} (${new Date().toISOString()}) ====\n`);
  const child = spawn(process.execPath, [join(ROOT, 'tools', 'run.js'), 'apps/web/server/main.js'], {
    env: { ...serviceEnv(env), WEB_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  child.unref();

  const productionPort = env.oidc.webPorts[1]!;
  const { JWT_SECRET: _, ...withoutSecret } = serviceEnv(env);
  const production = spawn(process.execPath, [join(ROOT, 'tools', 'run.js'), 'apps/web/server/main.js'], {
    env: {
      ...withoutSecret,
      NODE_ENV: 'production',
      WEB_PORT: String(productionPort),
      WEB_SESSION_PREFIX: `${env.topicPrefix}web-production:`,
      OIDC_CLIENT_ID: 'budget-web',
      OIDC_CLIENT_SECRET: 'budget-web-secret-for-tests-only',
      OIDC_REDIRECT_URI: `http://127.0.0.1:${productionPort}/auth/oidc/callback`,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  production.stdout?.pipe(log);
  production.stderr?.pipe(log);
  production.unref();

  writeFileSync(e2eEnvFile(), JSON.stringify({ ...env, pids: { ...env.pids, web: child.pid!, webProduction: production.pid! }, webPort: port }, null, 2));
  process.env.WEB_BASE_URL = `http://127.0.0.1:${port}`;
  process.env.WEB_PRODUCTION_URL = `http://127.0.0.1:${productionPort}`;
  await Promise.all([waitForHealth(port, 60_000), waitForHealth(productionPort, 60_000)]);
}
