import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '@budget/domain';
import { Client } from 'pg';
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

interface Finding {
  readonly key: string;
  readonly ruleId: string;
  readonly severity: 'B' | 'W' | 'I';
  readonly field: string;
  readonly waiver: { readonly status: string } | null;
}

interface Review {
  readonly reviewId: string;
  readonly submissionNo: number;
  readonly status: string;
  readonly currentLevel: 'unit_head' | 'department' | 'finance' | null;
  readonly findings: readonly Finding[];
  readonly chain: readonly { readonly level: string; readonly mayWaive: boolean }[];
  readonly open: { readonly unacknowledgedWarnings: readonly string[] };
  readonly outcome?: { readonly automatic?: boolean };
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

/** The people of one department who take a sheet through sign-off; ids of their own, so four-eyes never trips. */
export function signOffActors(departmentId: string) {
  return {
    clerk: (unitId: string): Actor => ({ id: `e2e-rep-clerk-${unitId}`, role: 'unit_clerk', unitId, departmentId, name: '报表测试经办人' }),
    head: (unitId: string): Actor => ({ id: `e2e-rep-head-${unitId}`, role: 'unit_head', unitId, departmentId, name: '报表测试单位负责人' }),
    reviewer: { id: `e2e-rep-dept-${departmentId}`, role: 'department_reviewer', departmentId, name: '报表测试部门审核人' } as Actor,
    finance: { id: 'e2e-rep-finance', role: 'finance_reviewer', name: '报表测试财政审核人' } as Actor,
  };
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

function reviewOf(sheetId: string, submissionNo: number): Promise<Review> {
  return eventually(
    async () => {
      const list = await api<{ items: { reviewId: string; submissionNo: number; status: string }[] }>('review', 'GET', `/reviews?sheetId=${sheetId}`);
      const found = list.body.items?.find((r) => r.submissionNo === submissionNo && r.status !== 'open');
      if (!found) return undefined;
      return (await api<Review>('review', 'GET', `/reviews/${found.reviewId}`)).body;
    },
    { what: `the review of submission ${submissionNo} of ${sheetId}`, timeoutMs: 60_000 },
  );
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

async function must<T>(what: string, call: Promise<{ status: number; body: T }>): Promise<T> {
  const res = await call;
  if (res.status >= 300) throw new Error(`${what} answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/**
 * Takes one sheet through the whole chain over HTTP: the clerk submits (asking for waivers of S01
 * and S02 when the goal or the indicators are empty), then unit head, department (acknowledging
 * warnings, granting requested waivers) and finance (grade 良). Resolves when intake shows it approved.
 */
export async function signOff(sheetId: string): Promise<IntakeSheet> {
  let sheet = await intakeSheet(sheetId);
  const people = signOffActors(sheet.departmentId);
  const clerk = people.clerk(sheet.unitId);
  if (sheet.status === 'draft' || sheet.status === 'revision_requested') {
    const waiverRequests = [
      ...(sheet.goal.trim() === '' ? [{ ruleId: 'S01', reason: '按已公开的目标表保留原样：该项目未填写绩效目标' }] : []),
      ...(sheet.indicators.length === 0 ? [{ ruleId: 'S02', reason: '按已公开的目标表保留原样：该项目未设绩效指标' }] : []),
    ];
    sheet = await must(
      `submit ${sheet.projectName}`,
      api<IntakeSheet>('intake', 'POST', `/sheets/${sheetId}/submit`, {
        actor: clerk,
        json: { expectedVersion: sheet.version, ...(waiverRequests.length > 0 ? { waiverRequests } : {}) },
      }),
    );
  }
  let review = await reviewOf(sheetId, sheet.submissionNo);
  if (review.status === 'revision_requested' && review.outcome?.automatic) {
    // The waiver requests did not match the findings' fields: ask again, naming them.
    sheet = await sheetIn(sheetId, ['revision_requested']);
    const blocking = review.findings.filter((f) => f.severity === 'B');
    sheet = await must(
      `resubmit ${sheet.projectName}`,
      api<IntakeSheet>('intake', 'POST', `/sheets/${sheetId}/submit`, {
        actor: clerk,
        json: { expectedVersion: sheet.version, waiverRequests: blocking.map((f) => ({ ruleId: f.ruleId, field: f.field, reason: '按已公开的目标表保留原样' })) },
      }),
    );
    review = await reviewOf(sheetId, sheet.submissionNo);
  }
  while (review.status === 'awaiting_level' && review.currentLevel) {
    const level = review.currentLevel;
    const actor = level === 'unit_head' ? people.head(sheet.unitId) : level === 'department' ? people.reviewer : people.finance;
    const act = (path: string, json: unknown): Promise<Review> => must(`${level} ${path}`, api<Review>('review', 'POST', `/reviews/${review.reviewId}/${path}`, { actor, json }));
    if (review.open.unacknowledgedWarnings.length > 0) review = await act('acknowledge-warnings', {});
    const mayWaive = review.chain.find((l) => l.level === level)?.mayWaive ?? false;
    const requested = review.findings.filter((f) => f.severity === 'B' && f.waiver?.status === 'requested').map((f) => f.key);
    if (mayWaive && requested.length > 0) review = await act('waivers', { findingKeys: requested, grant: true, reason: '该项目按已公开的目标表原样批复，同意豁免' });
    const last = review.chain[review.chain.length - 1]?.level === level;
    review = last ? await act('grade', { grade: '良', comments: '同意' }) : await act('approve', { comments: '同意' });
  }
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
  const client = new Client({
    host: process.env.PGHOST ?? '127.0.0.1',
    port: Number(process.env.PGPORT ?? 5432),
    user: process.env.PGUSER ?? 'postgres',
    password: process.env.PGPASSWORD,
    database: e2eEnv().database,
  });
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
