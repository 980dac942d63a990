import { mkdirSync, writeFileSync } from 'node:fs';
import { type E2eEnv, e2eEnvFile, LOCAL_DIR } from './e2e-env';
import { startMailCatcher } from './mail-catcher';
import { freePort, recreateDatabase, SERVICE_NAMES, startService, waitForHealth } from './stack';
import { TestProvider } from '../../libs/platform/src/testing/oidc-provider';
import { join } from 'node:path';

/**
 * One stack per e2e run: a fresh database, topics and queues of its own on the shared broker and
 * Redis, an SMTP server that writes what it receives to a file, and the three services on free
 * ports. The run id travels to the tests in E2E_RUN_ID.
 */
export default async function globalSetup(): Promise<void> {
  const runId = `${Date.now().toString(36)}${process.pid.toString(36)}`;
  process.env.E2E_RUN_ID = runId;
  mkdirSync(LOCAL_DIR, { recursive: true });
  const mail = await startMailCatcher();
  (globalThis as { __e2eCloseMail?: () => Promise<void> }).__e2eCloseMail = mail.close;
  // The organisation's OpenID provider of this run, with web servers' addresses registered for sign-in.
  const webPorts = [await freePort(), await freePort()];
  const accountsFile = join(LOCAL_DIR, 'oidc', `accounts-${runId}.json`);
  const provider = await TestProvider.start({
    redirectUris: webPorts.map((p) => `http://127.0.0.1:${p}/auth/oidc/callback`),
    postLogoutUris: webPorts.map((p) => `http://127.0.0.1:${p}/login`),
    accountsFile,
  });
  provider.detach();
  const env: Omit<E2eEnv, 'pids'> = {
    database: `budget_e2e_${runId}`,
    topicPrefix: `e2e-${runId}.`,
    ports: { intake: await freePort(), review: await freePort(), reporting: await freePort() },
    smtpPort: mail.port,
    oidc: { issuer: provider.issuer, accountsFile, webPorts },
  };
  await recreateDatabase(env.database);
  const pids: Record<string, number> = { oidc: provider.pid! };
  for (const name of SERVICE_NAMES) {
    const child = startService(name, env);
    child.unref();
    pids[name] = child.pid!;
  }
  writeFileSync(e2eEnvFile(), JSON.stringify({ ...env, pids }, null, 2));
  await Promise.all(SERVICE_NAMES.map((name) => waitForHealth(env.ports[name], 90_000)));
}
