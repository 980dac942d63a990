import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type E2eEnv, E2E_ENV_FILE } from './e2e-env';
import { recreateDatabase, SERVICE_NAMES, startService, waitForHealth } from './stack';

/**
 * One stack for the e2e run: a fresh database, topics of its own on the shared broker, and
 * the three services on ports apart from those of `npm start`.
 */
export default async function globalSetup(): Promise<void> {
  const env: Omit<E2eEnv, 'pids'> = {
    database: 'budget_e2e',
    topicPrefix: `e2e-${Date.now()}.`,
    ports: { intake: 4101, review: 4102, reporting: 4103 },
  };
  await recreateDatabase(env.database);
  const pids: Record<string, number> = {};
  for (const name of SERVICE_NAMES) {
    const child = startService(name, env);
    child.unref();
    pids[name] = child.pid!;
  }
  mkdirSync(dirname(E2E_ENV_FILE), { recursive: true });
  writeFileSync(E2E_ENV_FILE, JSON.stringify({ ...env, pids }, null, 2));
  await Promise.all(SERVICE_NAMES.map((name) => waitForHealth(env.ports[name], 90_000)));
}
