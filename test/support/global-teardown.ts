import { e2eEnv } from './e2e-env';
import { stopProcess } from './stack';

export default async function globalTeardown(): Promise<void> {
  const env = e2eEnv();
  await Promise.all(Object.values(env.pids).map((pid) => stopProcess(pid)));
  await (globalThis as { __e2eCloseMail?: () => Promise<void> }).__e2eCloseMail?.();
}
