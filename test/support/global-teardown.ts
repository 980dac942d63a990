import { rmSync } from 'node:fs';
import { e2eEnv, e2eEnvFile } from './e2e-env';
import { MAILBOX_FILE } from './mail-catcher';
import { dropDatabase, stopProcess } from './stack';

export default async function globalTeardown(): Promise<void> {
  const env = e2eEnv();
  await Promise.all(Object.values(env.pids).map((pid) => stopProcess(pid)));
  await (globalThis as { __e2eCloseMail?: () => Promise<void> }).__e2eCloseMail?.();
  await dropDatabase(env.database);
  rmSync(e2eEnvFile(), { force: true });
  rmSync(env.oidc.accountsFile, { force: true });
  rmSync(MAILBOX_FILE(), { force: true });
}
