import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { pgClientConfig } from '@budget/platform/testing';
import { api, eventually } from './api';
import { e2eEnv, ROOT, serviceEnv } from './e2e-env';

/** The reference table and the department it publishes. */
export const REFERENCE_TEXT = readFileSync(join(__dirname, '..', 'fixtures', 'liwan-organization-department.txt'), 'utf8');
export const REFERENCE_DEPARTMENT = '中国共产党广州市荔湾区委员会组织部';

export interface ImportedReference {
  readonly departmentId: string;
  readonly units: readonly { readonly unitId: string; readonly name: string; readonly total: string; readonly projectCount: number }[];
  readonly sheets: readonly { readonly sheetId: string; readonly unit: string; readonly projectName: string; readonly total: string }[];
  readonly grandTotal: string;
}

export interface IntakeSheet {
  readonly sheetId: string;
  readonly version: number;
  readonly status: string;
  readonly unitId: string;
  readonly departmentId: string;
  readonly projectName: string;
  readonly submissionNo: number;
  readonly goal: string;
  readonly indicators: readonly unknown[];
}

/** Imports the reference table as drafts of `fiscalYear` (idempotent: same ids every time). */
export async function importReference(fiscalYear: number): Promise<ImportedReference> {
  const res = await api<{ department: { departmentId: string }; units: ImportedReference['units']; sheets: ImportedReference['sheets']; grandTotal: string }>(
    'intake',
    'POST',
    `/imports?fiscalYear=${fiscalYear}`,
    { text: REFERENCE_TEXT },
  );
  if (res.status !== 200) throw new Error(`import answered ${res.status}: ${JSON.stringify(res.body)}`);
  return { departmentId: res.body.department.departmentId, units: res.body.units, sheets: res.body.sheets, grandTotal: res.body.grandTotal };
}

export async function intakeSheet(sheetId: string): Promise<IntakeSheet> {
  const res = await api<IntakeSheet>('intake', 'GET', `/sheets/${sheetId}`);
  if (res.status !== 200) throw new Error(`GET /sheets/${sheetId} answered ${res.status}`);
  return res.body;
}

export async function sheetsOf(departmentId: string, fiscalYear: number): Promise<IntakeSheet[]> {
  const res = await api<{ items: IntakeSheet[] }>('intake', 'GET', `/sheets?departmentId=${departmentId}&fiscalYear=${fiscalYear}&limit=1000`);
  if (res.status !== 200) throw new Error(`GET /sheets answered ${res.status}`);
  return res.body.items;
}

function sheetIn(sheetId: string, statuses: readonly string[]): Promise<IntakeSheet> {
  return eventually(
    async () => {
      const s = await intakeSheet(sheetId);
      return statuses.includes(s.status) ? s : undefined;
    },
    { what: `sheet ${sheetId} ${statuses.join('/')}`, timeoutMs: 60_000 },
  );
}

/**
 * Takes one sheet through the whole chain over HTTP with the CLI's `play` (the demo users of each
 * level: waivers asked for and granted, warnings acknowledged, finance grades 良). Resolves when
 * intake shows it approved.
 */
export async function signOff(sheetId: string): Promise<IntakeSheet> {
  const { ports } = e2eEnv();
  process.env.INTAKE_URL = `http://127.0.0.1:${ports.intake}`;
  process.env.REVIEW_URL = `http://127.0.0.1:${ports.review}`;
  process.env.REPORTING_URL = `http://127.0.0.1:${ports.reporting}`;
  const { playSheet } = await import('../../apps/cli/src/commands/play');
  await playSheet(sheetId);
  return sheetIn(sheetId, ['approved']);
}

/** Signs off several sheets, a few at a time. */
export async function signOffAll(sheetIds: readonly string[], parallel = 4): Promise<void> {
  const queue = [...sheetIds];
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) await signOff(id);
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

/** A client of the e2e database (for what only the database shows, e.g. tampering with the copy). */
export async function withE2eDatabase<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client(pgClientConfig(e2eEnv().database));
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `npm run cli -- <args>` (the compiled CLI) against the e2e stack. */
export function runCli(args: readonly string[], timeoutMs = 120_000): Promise<CliRun> {
  const env = e2eEnv();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'tools', 'run.js'), 'apps/cli/src/main.js', ...args], {
      env: {
        ...serviceEnv(env),
        INTAKE_URL: `http://127.0.0.1:${env.ports.intake}`,
        REVIEW_URL: `http://127.0.0.1:${env.ports.review}`,
        REPORTING_URL: `http://127.0.0.1:${env.ports.reporting}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cli ${args.join(' ')} did not finish in ${timeoutMs} ms`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}
