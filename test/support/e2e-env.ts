import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the e2e stack runs; written by global-setup, read by the tests. */
export interface E2eEnv {
  readonly database: string;
  readonly topicPrefix: string;
  readonly ports: { readonly intake: number; readonly review: number; readonly reporting: number };
  /** The SMTP server of the global setup (see mail-catcher.ts). */
  readonly smtpPort: number;
  readonly pids: Record<string, number>;
}

export const ROOT = join(__dirname, '..', '..');
export const LOCAL_DIR = process.env.BUDGET_LOCAL_DIR ?? join(ROOT, '.local');
export const E2E_ENV_FILE = join(LOCAL_DIR, 'e2e-env.json');

export function e2eEnv(): E2eEnv {
  if (!existsSync(E2E_ENV_FILE)) throw new Error(`${E2E_ENV_FILE} is missing: the e2e global setup did not run`);
  return JSON.parse(readFileSync(E2E_ENV_FILE, 'utf8')) as E2eEnv;
}

export type StackEnv = Pick<E2eEnv, 'database' | 'topicPrefix' | 'ports' | 'smtpPort'>;

export function serviceEnv(env: StackEnv): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PGDATABASE: env.database,
    KAFKA_TOPIC_PREFIX: env.topicPrefix,
    // Notifications: a queue prefix of this run, the run's SMTP server, quick webhook retries.
    NOTIFICATIONS_QUEUE_PREFIX: env.topicPrefix.replace(/\.$/, ''),
    SMTP_HOST: '127.0.0.1',
    SMTP_PORT: String(env.smtpPort),
    WEBHOOK_ATTEMPTS: '3',
    WEBHOOK_BACKOFF_MS: '200',
    WEBHOOK_TIMEOUT_MS: '2000',
    INTAKE_PORT: String(env.ports.intake),
    REVIEW_PORT: String(env.ports.review),
    REPORTING_PORT: String(env.ports.reporting),
    BUDGET_SKIP_BUILD: '1',
  };
}
