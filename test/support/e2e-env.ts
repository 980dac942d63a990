import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { oidcServiceEnv } from '../../libs/platform/src/testing/oidc-provider';

/** Where the e2e stack runs; written by global-setup, read by the tests. */
export interface E2eEnv {
  readonly database: string;
  readonly topicPrefix: string;
  readonly ports: { readonly intake: number; readonly review: number; readonly reporting: number };
  /** The SMTP server of the global setup (see mail-catcher.ts). */
  readonly smtpPort: number;
  /**
   * The run's OpenID provider (libs/platform/src/testing/oidc-provider.mjs): the services accept its
   * tokens besides the development ones; its accounts are read from accountsFile at every sign-in; the
   * web servers that sign in through it listen on webPorts (registered there as redirect URIs).
   */
  readonly oidc: { readonly issuer: string; readonly accountsFile: string; readonly webPorts: readonly number[] };
  readonly pids: Record<string, number>;
}

export const ROOT = join(__dirname, '..', '..');
export const LOCAL_DIR = process.env.BUDGET_LOCAL_DIR ?? join(ROOT, '.local');

/** Node's options for a service, from deploy/service-node-options.json (as scripts/services.sh and the Kubernetes manifests start them). */
export function serviceNodeOptions(name: string): string[] {
  return (JSON.parse(readFileSync(join(ROOT, 'deploy', 'service-node-options.json'), 'utf8')) as Record<string, string[]>)[name] ?? [];
}
/** Set by the global setup, so two e2e runs on one machine (two terminals, two helpers) never share a stack. */
export function e2eRunId(): string {
  const id = process.env.E2E_RUN_ID;
  if (!id) throw new Error('E2E_RUN_ID is not set: the e2e global setup did not run');
  return id;
}

export function e2eEnvFile(): string {
  return join(LOCAL_DIR, `e2e-env-${e2eRunId()}.json`);
}

export function e2eEnv(): E2eEnv {
  const file = e2eEnvFile();
  if (!existsSync(file)) throw new Error(`${file} is missing: the e2e global setup did not run`);
  return JSON.parse(readFileSync(file, 'utf8')) as E2eEnv;
}

export type StackEnv = Pick<E2eEnv, 'database' | 'topicPrefix' | 'ports' | 'smtpPort' | 'oidc'>;

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
    // The run's webhook receiver listens on loopback, which webhooks refuse unless allowed.
    WEBHOOK_ALLOWED_TARGETS: '127.0.0.1/32',
    // The flows act as a few users at machine speed; rate limiting has its own tests (rate-limit.int.spec.ts).
    RATE_LIMIT_WRITES_PER_MINUTE: '1000000',
    RATE_LIMIT_IMPORTS_PER_MINUTE: '1000000',
    RATE_LIMIT_EXPORTS_PER_MINUTE: '1000000',
    INTAKE_PORT: String(env.ports.intake),
    REVIEW_PORT: String(env.ports.review),
    REPORTING_PORT: String(env.ports.reporting),
    BUDGET_SKIP_BUILD: '1',
    // Checkpoints are signed when a test asks (POST /checkpoints), never by a timer in the middle of a before/after comparison.
    CHECKPOINT_INTERVAL_SECONDS: '0',
    // The services accept the run's provider's tokens too (test mode keeps HS256 beside them).
    ...oidcServiceEnv(env.oidc.issuer),
  };
}
