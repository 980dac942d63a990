import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type E2eEnv, E2E_ENV_FILE } from './e2e-env';
import { MAILBOX_FILE, startMailCatcher } from './mail-catcher';
import { recreateDatabase, SERVICE_NAMES, startService, waitForHealth } from './stack';

/**
 * One stack for the e2e run: a fresh database, topics and queues of its own on the shared
 * broker and Redis, an SMTP server that writes what it receives to a file, and the three
 * services on ports apart from those of `npm start`.
 */
export default async function globalSetup(): Promise<void> {
  mkdirSync(dirname(E2E_ENV_FILE), { recursive: true });
  rmSync(MAILBOX_FILE, { force: true });
  const mail = await startMailCatcher();
  (globalThis as { __e2eCloseMail?: () => Promise<void> }).__e2eCloseMail = mail.close;
  const env: Omit<E2eEnv, 'pids'> = {
    database: 'budget_e2e',
    topicPrefix: `e2e-${Date.now()}.`,
    ports: { intake: 4101, review: 4102, reporting: 4103 },
    smtpPort: mail.port,
  };
  await recreateDatabase(env.database);
  const pids: Record<string, number> = {};
  for (const name of SERVICE_NAMES) {
    const child = startService(name, env);
    child.unref();
    pids[name] = child.pid!;
  }
  writeFileSync(E2E_ENV_FILE, JSON.stringify({ ...env, pids }, null, 2));
  await Promise.all(SERVICE_NAMES.map((name) => waitForHealth(env.ports[name], 90_000)));
}
