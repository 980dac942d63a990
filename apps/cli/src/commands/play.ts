import type { ResponseOf, Routes } from '@budget/contracts';
import type { Actor } from '@budget/domain';
import { CLI_ADMIN, CliError, clientAs, orFail } from '../http-client';

type Sheet = ResponseOf<Routes['intake']['getSheet']>;
type Review = ResponseOf<Routes['review']['getReview']>;

const admin = clientAs(CLI_ADMIN);

/** One sheet's story, as printed. */
export interface PlayedSheet {
  readonly sheetId: string;
  readonly projectName: string;
  readonly outcome: string;
  readonly grade: string | null;
  readonly steps: string[];
}

/** The demo users of a department: a clerk and a head per unit, a department reviewer, finance. */
export function demoUsers(departmentId: string) {
  const clerk = (unitId: string): Actor => ({ id: `demo-clerk-${unitId}`, role: 'unit_clerk', unitId, departmentId, name: '演示经办人' });
  const head = (unitId: string): Actor => ({ id: `demo-head-${unitId}`, role: 'unit_head', unitId, departmentId, name: '演示单位负责人' });
  const reviewer: Actor = { id: `demo-dept-${departmentId}`, role: 'department_reviewer', departmentId, name: '演示部门审核人' };
  const finance: Actor = { id: 'demo-finance', role: 'finance_reviewer', name: '演示财政审核人' };
  return { clerk, head, reviewer, finance };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 1000)) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new CliError(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(delay);
  }
}

export interface PlayOptions {
  readonly department: string;
  readonly fiscalYear?: number;
  /** Project names left as they are (e.g. for a person to take through sign-off by hand). */
  readonly except?: readonly string[];
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
}

/**
 * Takes every draft (and every sheet sent back for revision) of the department through the
 * whole chain, as the demo users of each level, over the services' HTTP APIs.
 */
export async function playDepartment(opts: PlayOptions): Promise<PlayedSheet[]> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const log = opts.log ?? (() => undefined);
  const departments = await orFail(admin.departments.list());
  const department = departments.items.find((d) => d.name === opts.department);
  if (!department) throw new CliError(`no department named “${opts.department}”; known: ${departments.items.map((d) => d.name).join('、') || '(none)'}`);
  await registerDemoContacts(department);

  const listed = await orFail(
    admin.sheets.list({ query: { departmentId: department.departmentId, ...(opts.fiscalYear !== undefined ? { fiscalYear: String(opts.fiscalYear) } : {}), limit: '1000' } }),
  );
  const except = new Set(opts.except ?? []);
  const sheets = listed.items.filter(
    (s) => (s.status === 'draft' || s.status === 'revision_requested' || s.status === 'submitted' || s.status === 'under_review') && !except.has(s.projectName),
  );
  log(`${department.name}: ${sheets.length} sheets to take through sign-off (of ${listed.items.length})`);

  const results: PlayedSheet[] = [];
  const queue = [...sheets];
  const worker = async (): Promise<void> => {
    for (let s = queue.shift(); s; s = queue.shift()) {
      const played = await playSheet(s.sheetId, timeoutMs);
      log(`  ${played.projectName}: ${played.outcome}${played.grade ? ` (${played.grade})` : ''} — ${played.steps.join('; ')}`);
      results.push(played);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  const order = new Map(sheets.map((s, i) => [s.sheetId, i]));
  return results.sort((a, b) => order.get(a.sheetId)! - order.get(b.sheetId)!);
}

/** The demo users of a department become people the notifications can address (idempotent). */
export async function registerDemoContacts(department: { readonly departmentId: string; readonly units: readonly { readonly unitId: string }[] }): Promise<void> {
  const users = demoUsers(department.departmentId);
  const people = [users.reviewer, users.finance, ...department.units.flatMap((u) => [users.clerk(u.unitId), users.head(u.unitId)])];
  for (const p of people) {
    await orFail(
      admin.admin.putContact({
        userId: p.id,
        body: { role: p.role as Exclude<Actor['role'], 'system'>, name: p.name, ...(p.departmentId ? { departmentId: p.departmentId } : {}), ...(p.unitId ? { unitId: p.unitId } : {}) },
      }),
    );
  }
}

async function getSheet(sheetId: string): Promise<Sheet> {
  return orFail(admin.sheets.get({ sheetId }));
}

/** The review of the sheet's current submission, once the service has opened it and settled its first step. */
async function reviewOf(sheetId: string, submissionNo: number, timeoutMs: number): Promise<Review> {
  return until(
    `the review of submission ${submissionNo}`,
    async () => {
      const listed = await orFail(admin.reviews.list({ query: { sheetId } }));
      const found = listed.items.find((r) => r.submissionNo === submissionNo && r.status !== 'open');
      if (!found) return undefined;
      return orFail(admin.reviews.get({ reviewId: found.reviewId }));
    },
    timeoutMs,
  );
}

async function sheetIn(sheetId: string, statuses: readonly string[], timeoutMs: number): Promise<Sheet> {
  return until(`sheet ${sheetId} to be ${statuses.join(' or ')}`, async () => {
    const s = await getSheet(sheetId);
    return statuses.includes(s.status) ? s : undefined;
  }, timeoutMs);
}

type WaiverRequest = { readonly ruleId: string; readonly field: string; readonly reason: string };

/** What a clerk who knows the rules asks for at once: an empty goal (S01) and no indicators (S02) are kept as published. */
function obviousWaivers(sheet: Sheet): WaiverRequest[] {
  return [
    ...(sheet.goal.trim() === '' ? [{ ruleId: 'S01', field: 'goal', reason: '演示：按已公开的目标表保留原样，该项目未填写绩效目标，申请豁免' }] : []),
    ...(sheet.indicators.length === 0 ? [{ ruleId: 'S02', field: 'indicators', reason: '演示：按已公开的目标表保留原样，该项目未设绩效指标，申请豁免' }] : []),
  ];
}

async function submit(sheet: Sheet, clerk: Actor, waiverRequests: readonly WaiverRequest[]): Promise<Sheet> {
  return orFail(
    clientAs(clerk).sheets.submit({ sheetId: sheet.sheetId, body: { expectedVersion: sheet.version, ...(waiverRequests.length > 0 ? { waiverRequests: [...waiverRequests] } : {}) } }),
  );
}

/** Takes one sheet (by id) through submission and every level of its review, as the demo users. */
export async function playSheet(sheetId: string, timeoutMs = 60_000): Promise<PlayedSheet> {
  const steps: string[] = [];
  const initial = await getSheet(sheetId);
  const users = demoUsers(initial.departmentId);
  const clerk = users.clerk(initial.unitId);
  let sheet = initial;
  if (sheet.status === 'draft' || sheet.status === 'revision_requested') {
    const waivers = obviousWaivers(sheet);
    sheet = await submit(sheet, clerk, waivers);
    steps.push(`submitted (#${sheet.submissionNo})${waivers.length > 0 ? ` asking to waive ${waivers.map((w) => w.ruleId).join(', ')}` : ''}`);
  }
  let review = await reviewOf(sheet.sheetId, sheet.submissionNo, timeoutMs);

  // Other blocking findings sent it straight back: resubmit asking for their waiver.
  if (review.status === 'revision_requested' && review.outcome?.automatic) {
    const blocking = review.findings.filter((f) => f.severity === 'B');
    steps.push(`returned automatically for ${blocking.map((f) => f.ruleId).join(', ')}`);
    sheet = await sheetIn(sheet.sheetId, ['revision_requested'], timeoutMs);
    const requests = blocking.map((f) => ({ ruleId: f.ruleId, field: f.field, reason: `演示：按已公开的目标表保留原样，申请豁免（${f.message}）` }));
    sheet = await submit(sheet, clerk, requests);
    steps.push(`resubmitted (#${sheet.submissionNo}) asking to waive ${blocking.map((f) => f.ruleId).join(', ')}`);
    review = await reviewOf(sheet.sheetId, sheet.submissionNo, timeoutMs);
  }

  while (review.status === 'awaiting_level' && review.currentLevel) {
    const level = review.currentLevel;
    const actor = level === 'unit_head' ? users.head(initial.unitId) : level === 'department' ? users.reviewer : users.finance;
    const reviewer = clientAs(actor).reviews;
    const reviewId = review.reviewId;
    if (review.open.unacknowledgedWarnings.length > 0) {
      const keys = review.open.unacknowledgedWarnings;
      review = await orFail(reviewer.acknowledgeWarnings({ reviewId, body: { findingKeys: [...keys] } }));
      steps.push(`${level}: acknowledged ${keys.length} warning(s)`);
    }
    const mayWaive = review.chain.find((l) => l.level === level)?.mayWaive ?? false;
    const requested = review.findings.filter((f) => f.severity === 'B' && f.waiver?.status === 'requested').map((f) => f.key);
    if (mayWaive && requested.length > 0) {
      review = await orFail(reviewer.decideWaiver({ reviewId, body: { findingKeys: requested, grant: true, reason: '演示：该项目按原样公开，同意豁免' } }));
      steps.push(`${level}: granted waiver of ${requested.join(', ')}`);
    }
    const last = review.chain[review.chain.length - 1]?.level === level;
    review = last ? await orFail(reviewer.grade({ reviewId, body: { grade: '良' } })) : await orFail(reviewer.approve({ reviewId, body: { comments: '演示：同意' } }));
    steps.push(last ? `${level}: graded 良` : `${level}: approved`);
  }

  const final = await sheetIn(initial.sheetId, ['approved', 'rejected', 'revision_requested'], timeoutMs);
  return { sheetId: initial.sheetId, projectName: initial.projectName, outcome: final.status, grade: final.review?.grade ?? null, steps };
}

export async function play(flags: Map<string, string | true>): Promise<number> {
  const department = flags.get('department');
  if (typeof department !== 'string' || department.trim() === '') throw new CliError('usage: npm run cli -- play --department "<name>" [--year Y] [--json]', 2);
  const yearFlag = flags.get('year');
  if (yearFlag !== undefined && (typeof yearFlag !== 'string' || !/^\d{4}$/.test(yearFlag))) throw new CliError('--year must be a four-digit year', 2);
  const json = flags.get('json') === true;
  const exceptFlag = flags.get('except');
  const played = await playDepartment({
    department,
    ...(typeof exceptFlag === 'string' ? { except: exceptFlag.split(',').map((n) => n.trim()).filter(Boolean) } : {}),
    ...(typeof yearFlag === 'string' ? { fiscalYear: Number(yearFlag) } : {}),
    log: json ? undefined : (line) => console.log(line),
  });
  const approved = played.filter((p) => p.outcome === 'approved').length;
  if (json) console.log(JSON.stringify({ department, sheets: played, approved, total: played.length }));
  else console.log(`${approved} of ${played.length} sheets approved`);
  return approved === played.length ? 0 : 1;
}
