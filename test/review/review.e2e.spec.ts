import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Actor } from '@budget/domain';
import { verifyWebhookSignature } from '@budget/notifications';
import { api, eventually } from '../support/api';
import { e2eEnv } from '../support/e2e-env';
import { produceRaw, readTopic } from '../support/kafka';
import { caughtMail } from '../support/mail-catcher';
import { startAgain, stopService } from '../support/stack';
import { withE2eDatabase } from '../support/workflow';
import { startWebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(120_000);

const REFERENCE = readFileSync(join(__dirname, '..', 'fixtures', 'liwan-organization-department.txt'), 'utf8');
const DEPARTMENT = '中国共产党广州市荔湾区委员会组织部';
// Years of their own, so this file's sheets are apart from those of the other e2e files.
const YEAR = 2023;
const FAULT_YEAR = 2022;
const SECRET = 'e2e-webhook-secret-0123456789';

interface Sheet {
  sheetId: string;
  version: number;
  status: string;
  unitId: string;
  projectName: string;
  submissionNo: number;
  review: { reviewId: string; reasons?: { ruleId?: string; field?: string; message: string }[]; grade?: string } | null;
}
interface ReviewSummary {
  reviewId: string;
  sheetId: string;
  submissionNo: number;
  round: number;
  status: string;
  currentLevel: string | null;
  findings: { key: string; ruleId: string; severity: string; field: string; waiver: string | null }[];
}

async function sheetsOf(year: number, departmentId: string): Promise<Sheet[]> {
  const res = await api<{ items: Sheet[] }>('intake', 'GET', `/sheets?departmentId=${departmentId}&fiscalYear=${year}&limit=100`);
  expect(res.status).toBe(200);
  return res.body.items;
}

async function sheet(sheetId: string): Promise<Sheet> {
  return (await api<Sheet>('intake', 'GET', `/sheets/${sheetId}`)).body;
}

async function reviewsOf(sheetId: string): Promise<ReviewSummary[]> {
  const res = await api<{ items: ReviewSummary[] }>('review', 'GET', `/reviews?sheetId=${sheetId}`);
  expect(res.status).toBe(200);
  return res.body.items;
}

/** The review of a submission once it has left the transient `open` state. */
function reviewOf(sheetId: string, submissionNo: number): Promise<ReviewSummary> {
  return eventually(async () => (await reviewsOf(sheetId)).find((r) => r.submissionNo === submissionNo && r.status !== 'open'), {
    what: `review of submission ${submissionNo} of ${sheetId}`,
    timeoutMs: 60_000,
  });
}

function sheetStatus(sheetId: string, status: string): Promise<Sheet> {
  return eventually(async () => {
    const s = await sheet(sheetId);
    return s.status === status ? s : undefined;
  }, { what: `sheet ${sheetId} ${status}`, timeoutMs: 60_000 });
}

describe('review on the real stack', () => {
  let departmentId: string;
  let orgUnitId: string;
  let clerk: Actor;
  let head: Actor;
  let reviewer: Actor;
  let finance: Actor;
  let sheets: Sheet[];
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const byName = (name: string): Sheet => sheets.find((s) => s.projectName === name)!;

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    const imported = await api<{ department: { departmentId: string }; units: { unitId: string; name: string }[] }>('intake', 'POST', `/imports?fiscalYear=${YEAR}`, { text: REFERENCE });
    expect(imported.status).toBe(200);
    departmentId = imported.body.department.departmentId;
    orgUnitId = imported.body.units[0]!.unitId;
    clerk = { id: 'e2e-review-clerk', role: 'unit_clerk', unitId: orgUnitId, departmentId, name: '组织部经办人' };
    head = { id: 'e2e-review-head', role: 'unit_head', unitId: orgUnitId, departmentId, name: '组织部负责人' };
    reviewer = { id: 'e2e-review-dept', role: 'department_reviewer', departmentId, name: '部门审核人' };
    finance = { id: 'e2e-review-finance', role: 'finance_reviewer', name: '财政审核人' };
    // The unit's clerk has an address; the department has a webhook.
    expect((await api('review', 'PUT', `/contacts/${clerk.id}`, { json: { role: 'unit_clerk', name: '组织部经办人', departmentId, unitId: orgUnitId, email: 'clerk@example.test' } })).status).toBe(200);
    expect((await api('review', 'PUT', '/webhooks/e2e-department', { json: { url: hooks.url, secret: SECRET, departmentId, kinds: ['revision_requested'] } })).status).toBe(200);
    sheets = await sheetsOf(YEAR, departmentId);
    expect(sheets).toHaveLength(11);
  });

  afterAll(async () => {
    await hooks?.close();
  });

  describe('ZXRCBT, a project with no goal and no indicators', () => {
    let revisionEventId: string;

    it('comes back to the unit automatically with S01 and S02 when no waiver is requested', async () => {
      const s = byName('ZXRCBT');
      const submitted = await api<Sheet>('intake', 'POST', `/sheets/${s.sheetId}/submit`, { actor: clerk, json: { expectedVersion: s.version } });
      expect(submitted.status).toBe(200);
      const review = await reviewOf(s.sheetId, 1);
      expect(review.status).toBe('revision_requested');
      expect(review.findings.filter((f) => f.severity === 'B').map((f) => f.ruleId).sort()).toEqual(['S01', 'S02']);
      expect(review.findings.find((f) => f.ruleId === 'S11')?.severity).toBe('W');
      const back = await sheetStatus(s.sheetId, 'revision_requested');
      expect(back.review?.reasons?.map((r) => r.ruleId).sort()).toEqual(['S01', 'S02']);
      const events = (await api<{ events: { type: string; eventId: string }[] }>('intake', 'GET', `/sheets/${s.sheetId}/events`)).body.events;
      expect(events.map((e) => e.type)).toEqual(['DraftCreated', 'SheetSubmitted', 'SheetReviewStarted', 'SheetRevisionRequested']);
    });

    it('tells the unit once: inbox, signed webhook and e-mail', async () => {
      const s = byName('ZXRCBT');
      const inbox = await eventually(async () => {
        const res = await api<{ items: { kind: string; data: { sheet: { sheetId: string } }; title: string; body: string }[] }>('review', 'GET', '/inbox', { actor: clerk });
        const mine = res.body.items.filter((i) => i.kind === 'revision_requested' && i.data.sheet.sheetId === s.sheetId);
        return mine.length > 0 ? mine : undefined;
      }, { what: 'the revision request in the clerk inbox' });
      expect(inbox).toHaveLength(1);
      expect(inbox[0]!.title).toContain('ZXRCBT');
      // The unit by name (the review service keeps the names from the department streams).
      expect(inbox[0]!.body).toContain(DEPARTMENT);
      const hook = await eventually(() => Promise.resolve(hooks.received.find((h) => (JSON.parse(h.body) as { data: { sheet: { sheetId: string } } }).data.sheet.sheetId === s.sheetId)), {
        what: 'the webhook delivery',
      });
      expect(verifyWebhookSignature(hook.body, SECRET, hook.headers['x-budget-signature'] as string)).toBe(true);
      expect(verifyWebhookSignature(hook.body, 'another-secret-0123456789', hook.headers['x-budget-signature'] as string)).toBe(false);
      revisionEventId = (JSON.parse(hook.body) as { sourceEventId: string }).sourceEventId;
      const toClerk = (): ReturnType<typeof caughtMail> => caughtMail().filter((m) => m.to.includes('clerk@example.test'));
      const mails = await eventually(() => Promise.resolve(toClerk().length > 0 ? toClerk() : undefined), { what: 'the e-mail to the clerk' });
      expect(mails).toHaveLength(1);
      expect(mails[0]!.from).toContain('@');
    });

    it('does not notify or review twice when Kafka delivers the same messages again', async () => {
      const s = byName('ZXRCBT');
      const { topicPrefix } = e2eEnv();
      const targets = await readTopic(`${topicPrefix}budget.targets`, (ms) => ms.some((m) => m.event.type === 'SheetSubmitted' && m.key === `sheet-${s.sheetId}`));
      const submittedMsg = targets.find((m) => m.event.type === 'SheetSubmitted' && m.key === `sheet-${s.sheetId}`)!;
      const reviews = await readTopic(`${topicPrefix}budget.reviews`, (ms) => ms.some((m) => m.event.eventId === revisionEventId));
      const revisionMsg = reviews.find((m) => m.event.eventId === revisionEventId)!;
      await produceRaw(`${topicPrefix}budget.targets`, submittedMsg.key, JSON.stringify(submittedMsg.event));
      await produceRaw(`${topicPrefix}budget.reviews`, revisionMsg.key, JSON.stringify(revisionMsg.event));
      // A resubmission (same key, so behind the duplicates in the partition) proves they were consumed.
      const current = await sheet(s.sheetId);
      const resubmitted = await api<Sheet>('intake', 'POST', `/sheets/${s.sheetId}/submit`, {
        actor: clerk,
        json: {
          expectedVersion: current.version,
          waiverRequests: [
            { ruleId: 'S01', field: 'goal', reason: '该项目按原样公开，申请豁免' },
            { ruleId: 'S02', field: 'indicators', reason: '该项目按原样公开，申请豁免' },
          ],
        },
      });
      expect(resubmitted.status).toBe(200);
      expect(resubmitted.body.submissionNo).toBe(2);
      const review = await reviewOf(s.sheetId, 2);
      expect(review.status).toBe('awaiting_level');
      expect(review.round).toBe(2);
      await sheetStatus(s.sheetId, 'under_review');
      expect((await reviewsOf(s.sheetId)).map((r) => r.submissionNo).sort()).toEqual([1, 2]);
      const events = (await api<{ events: { type: string }[] }>('intake', 'GET', `/sheets/${s.sheetId}/events`)).body.events;
      expect(events.filter((e) => e.type === 'SheetRevisionRequested')).toHaveLength(1);
      const inbox = (await api<{ items: { kind: string; data: { sheet: { sheetId: string } } }[] }>('review', 'GET', '/inbox', { actor: clerk })).body.items;
      expect(inbox.filter((i) => i.kind === 'revision_requested' && i.data.sheet.sheetId === s.sheetId)).toHaveLength(1);
      await new Promise((r) => setTimeout(r, 1_000));
      expect(hooks.received.filter((h) => (JSON.parse(h.body) as { data: { sheet: { sheetId: string } } }).data.sheet.sheetId === s.sheetId)).toHaveLength(1);
    });

    it('goes through the chain once the department grants the waiver; warnings are acknowledged first; finance grades 良', async () => {
      const s = byName('ZXRCBT');
      const review = await reviewOf(s.sheetId, 2);
      const path = (action: string): string => `/reviews/${review.reviewId}/${action}`;
      // The unit head may not waive, and must acknowledge the S11 warning before approving.
      expect((await api('review', 'POST', path('waivers'), { actor: head, json: { findingKeys: ['S01@goal'], grant: true, reason: '同意' } })).status).toBe(403);
      const early = await api<{ code: string }>('review', 'POST', path('approve'), { actor: head, json: {} });
      expect(early.status).toBe(409);
      expect((await api('review', 'POST', path('acknowledge-warnings'), { actor: head, json: {} })).status).toBe(200);
      expect((await api('review', 'POST', path('approve'), { actor: head, json: { comments: '同意' } })).status).toBe(200);
      // The department must decide the waiver before approving.
      expect((await api('review', 'POST', path('acknowledge-warnings'), { actor: reviewer, json: {} })).status).toBe(200);
      expect((await api('review', 'POST', path('approve'), { actor: reviewer, json: {} })).status).toBe(409);
      const granted = await api<{ findings: { key: string; waiver: { status: string } | null }[] }>('review', 'POST', path('waivers'), {
        actor: reviewer,
        json: { findingKeys: ['S01@goal', 'S02@indicators'], grant: true, reason: '已公开项目，保留原样' },
      });
      expect(granted.status).toBe(200);
      expect(granted.body.findings.filter((f) => f.waiver?.status === 'granted').map((f) => f.key).sort()).toEqual(['S01@goal', 'S02@indicators']);
      expect((await api('review', 'POST', path('approve'), { actor: reviewer, json: {} })).status).toBe(200);
      expect((await api('review', 'POST', path('acknowledge-warnings'), { actor: finance, json: {} })).status).toBe(200);
      const bad = await api<{ fieldErrors: { field: string }[] }>('review', 'POST', path('grade'), { actor: finance, json: { grade: '甲' } });
      expect(bad.status).toBe(400);
      expect((await api('review', 'POST', path('grade'), { actor: finance, json: { grade: '良' } })).status).toBe(200);
      const approved = await sheetStatus(s.sheetId, 'approved');
      expect(approved.review?.grade).toBe('良');
      // Frozen: no edit until finance reopens it.
      const edit = await api<{ code: string }>('intake', 'PATCH', `/sheets/${s.sheetId}`, { actor: clerk, json: { expectedVersion: approved.version, goal: '补充的绩效目标文字内容' } });
      expect(edit.status).toBe(409);
    });

    it('is reopened by finance only, with the reason on the sheet’s stream', async () => {
      const s = await sheet(byName('ZXRCBT').sheetId);
      expect((await api('intake', 'POST', `/sheets/${s.sheetId}/reopen`, { actor: clerk, json: { expectedVersion: s.version, reason: '想改' } })).status).toBe(403);
      expect((await api('intake', 'POST', `/sheets/${s.sheetId}/reopen`, { actor: finance, json: { expectedVersion: s.version } })).status).toBe(400);
      const reopened = await api<Sheet>('intake', 'POST', `/sheets/${s.sheetId}/reopen`, { actor: finance, json: { expectedVersion: s.version, reason: '补充绩效目标' } });
      expect(reopened.status).toBe(200);
      expect(reopened.body.status).toBe('draft');
      const events = (await api<{ events: { type: string; data: { reason?: string } }[] }>('intake', 'GET', `/sheets/${s.sheetId}/events`)).body.events;
      expect(events.at(-1)).toMatchObject({ type: 'SheetReopened', data: { reason: '补充绩效目标' } });
    });
  });

  describe('an imported row whose written 总计 does not add up', () => {
    it('carries the written 总计 with the draft, so the review records A01 as blocking', async () => {
      const table = [
        '项目支出绩效目标表（含转移支付项目）',
        '部门名称：某区A01核对局',
        '单位：万元',
        '项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标',
        '合计\t31.00\t30.00\t\t\t\t',
        '某区A01核对局\t31.00\t30.00\t\t\t\t',
        '档案数字化经费\t31.00\t30.00\t\t\t完成历史档案数字化加工，提升档案利用效率和安全保管水平。\t1、1-产出指标；11-数量指标；数字化档案数量；实施周期指标值：≥3000件；年度指标值：≥3000件。2、2-效益指标；22-社会效益；档案利用效率；实施周期指标值：有所提升；年度指标值：有所提升。3、3-满意度指标；31-服务对象满意度；查档群众满意度；实施周期指标值：≥90%；年度指标值：≥90%。',
      ].join('\n');
      const imported = await api<{ department: { departmentId: string }; units: { unitId: string }[]; issues: { code: string }[] }>(
        'intake',
        'POST',
        `/imports?fiscalYear=${YEAR}`,
        { text: table },
      );
      expect(imported.status).toBe(200);
      expect(imported.body.issues.map((i) => i.code)).toContain('A01');
      const dept = imported.body.department.departmentId;
      const unitClerk: Actor = { id: 'e2e-a01-clerk', role: 'unit_clerk', unitId: imported.body.units[0]!.unitId, departmentId: dept, name: '核对局经办人' };
      const [draft] = await sheetsOf(YEAR, dept);
      const submitted = await api<Sheet>('intake', 'POST', `/sheets/${draft!.sheetId}/submit`, { actor: unitClerk, json: { expectedVersion: draft!.version } });
      expect(submitted.status).toBe(200);
      const review = await reviewOf(draft!.sheetId, 1);
      expect(review.findings.find((f) => f.ruleId === 'A01')).toMatchObject({ severity: 'B', field: 'funding.total' });
      expect(review.status).toBe('revision_requested');
    });
  });

  describe('authorisation and four-eyes', () => {
    it('answers 403 to a reviewer of another department and to a unit head of another unit', async () => {
      const s = byName('组织工作经费');
      const submitted = await api<Sheet>('intake', 'POST', `/sheets/${s.sheetId}/submit`, { actor: clerk, json: { expectedVersion: s.version } });
      expect(submitted.status).toBe(200);
      const review = await reviewOf(s.sheetId, 1);
      const stranger: Actor = { id: 'e2e-other-dept', role: 'department_reviewer', departmentId: 'another-department', name: '其他部门审核人' };
      expect((await api('review', 'GET', `/reviews/${review.reviewId}`, { actor: stranger })).status).toBe(403);
      expect((await api('review', 'POST', `/reviews/${review.reviewId}/approve`, { actor: stranger, json: {} })).status).toBe(403);
      const tasks = await api<{ items: ReviewSummary[] }>('review', 'GET', '/tasks', { actor: stranger });
      expect(tasks.status).toBe(200);
      expect(tasks.body.items.some((t) => t.reviewId === review.reviewId)).toBe(false);
      const otherHead: Actor = { id: 'e2e-other-head', role: 'unit_head', unitId: 'another-unit', departmentId, name: '其他单位负责人' };
      expect((await api('review', 'POST', `/reviews/${review.reviewId}/approve`, { actor: otherHead, json: {} })).status).toBe(403);
      const mine = await api<{ items: ReviewSummary[] }>('review', 'GET', '/tasks', { actor: head });
      expect(mine.body.items.some((t) => t.reviewId === review.reviewId)).toBe(true);
    });

    it('does not let the submitter sign off their own submission, whatever role they hold', async () => {
      const s = byName('组织工作经费');
      const review = await reviewOf(s.sheetId, 1);
      const submitterAsHead: Actor = { ...head, id: clerk.id };
      const res = await api<{ code: string; message: string }>('review', 'POST', `/reviews/${review.reviewId}/acknowledge-warnings`, { actor: submitterAsHead, json: {} });
      expect(res.status).toBe(403);
      expect(res.body.message).toContain('本人');
      const approve = await api('review', 'POST', `/reviews/${review.reviewId}/approve`, { actor: submitterAsHead, json: {} });
      expect(approve.status).toBe(403);
    });
  });

  describe('the other ten sheets', () => {
    it('pass without blocking findings and go through every level to approved; 干部工作经费 carries the V06 warning', async () => {
      process.env.INTAKE_URL = `http://127.0.0.1:${e2eEnv().ports.intake}`;
      process.env.REVIEW_URL = `http://127.0.0.1:${e2eEnv().ports.review}`;
      process.env.REPORTING_URL = `http://127.0.0.1:${e2eEnv().ports.reporting}`;
      const { playDepartment } = await import('../../apps/cli/src/commands/play');
      const played = await playDepartment({ department: DEPARTMENT, fiscalYear: YEAR });
      expect(played.map((p) => p.outcome)).toEqual(played.map(() => 'approved'));
      const all = await sheetsOf(YEAR, departmentId);
      expect(all.map((s) => s.status)).toEqual(all.map(() => 'approved'));
      for (const s of all.filter((x) => x.projectName !== 'ZXRCBT')) {
        const reviews = await reviewsOf(s.sheetId);
        expect(reviews).toHaveLength(1);
        expect(reviews[0]!.findings.filter((f) => f.severity === 'B')).toEqual([]);
        expect(reviews[0]!.status).toBe('approved');
      }
      const cadre = (await reviewsOf(byName('干部工作经费').sheetId))[0]!;
      const v06 = cadre.findings.filter((f) => f.ruleId === 'V06');
      expect(v06).toHaveLength(1);
      expect(v06[0]!.severity).toBe('W');
      const full = await api<{ findings: { ruleId: string; values: Record<string, unknown> }[]; tasks: { level: string; decision: { kind: string } | null }[] }>(
        'review',
        'GET',
        `/reviews/${cadre.reviewId}`,
      );
      expect(JSON.stringify(full.body.findings.find((f) => f.ruleId === 'V06')!.values)).toContain('3000件');
      expect(full.body.tasks.map((t) => [t.level, t.decision?.kind])).toEqual([
        ['unit_head', 'approved'],
        ['department', 'approved'],
        ['finance', 'approved'],
      ]);
    });
  });

  describe('the sign-off chain as events', () => {
    const ADMIN: Actor = { id: 'e2e-chain-admin', role: 'admin', name: '系统管理员' };
    const FINANCE: Actor = { id: 'e2e-chain-finance', role: 'finance_reviewer', name: '财政审核人' };
    const AUDITOR: Actor = { id: 'e2e-chain-auditor', role: 'auditor', name: '审计' };
    const level = (l: 'unit_head' | 'department' | 'finance', dueHours = 72) => ({
      level: l,
      role: { unit_head: 'unit_head', department: 'department_reviewer', finance: 'finance_reviewer' }[l],
      mayWaive: l !== 'unit_head',
      dueHours,
    });

    async function newDepartment(name: string): Promise<string> {
      const res = await api<{ departmentId: string }>('intake', 'POST', '/departments', { actor: ADMIN, json: { name: `${name}-${Date.now()}` } });
      expect(res.status).toBe(201);
      return res.body.departmentId;
    }

    it('records who changed the chain and when, refuses unknown keys and a last level below finance, and shows auditors the history', async () => {
      const dept = await newDepartment('审核流程测试部门');
      const path = `/departments/${dept}/sign-off-chain`;
      expect((await api('review', 'GET', path, { actor: ADMIN })).body).toMatchObject({ departmentId: dept, version: 0, updatedBy: null, chain: [level('unit_head'), level('department'), level('finance')] });

      const two = [level('department', 48), level('finance')];
      const set = await api('review', 'PUT', path, { actor: FINANCE, json: { chain: two } });
      expect(set.status).toBe(200);
      expect(set.body).toMatchObject({ departmentId: dept, chain: two, version: 1, updatedBy: FINANCE.id, lastLevelException: null });

      const unknownKey = await api('review', 'PUT', path, { actor: FINANCE, json: { chain: [{ ...two[0], escalateTo: 'mayor' }, two[1]] } });
      expect(unknownKey.status).toBe(400);
      expect(unknownKey.body.fieldErrors).toEqual([{ field: 'chain[0].escalateTo', message: expect.stringMatching(/^未知字段“escalateTo”/) }]);
      const unknownLevel = await api('review', 'PUT', path, { actor: FINANCE, json: { chain: [{ ...level('finance'), level: 'mayor' }] } });
      expect(unknownLevel.status).toBe(400);
      expect(unknownLevel.body.message).toMatch(/[\u4e00-\u9fff]/);
      expect((await api('review', 'PUT', path, { actor: FINANCE, json: { chain: [level('finance'), level('finance')] } })).status).toBe(400);
      expect((await api('review', 'PUT', path, { actor: FINANCE, json: { chain: two, note: 'x' } })).status).toBe(400);
      const belowFinance = await api('review', 'PUT', path, { actor: ADMIN, json: { chain: [level('unit_head'), level('department')] } });
      expect(belowFinance.status).toBe(400);
      expect(belowFinance.body.message).toMatch(/最后一级须为财政部门/);
      const financeException = await api('review', 'PUT', path, { actor: FINANCE, json: { chain: [level('department')], lastLevelException: { reason: '委托' } } });
      expect(financeException.status).toBe(403);

      const reason = '区财政局委托主管部门终审（区财〔2026〕3号）';
      const excepted = await api('review', 'PUT', path, { actor: ADMIN, json: { chain: [level('unit_head'), level('department')], lastLevelException: { reason } } });
      expect(excepted.status).toBe(200);
      expect(excepted.body).toMatchObject({ version: 2, updatedBy: ADMIN.id, lastLevelException: { reason } });
      // Refused attempts left nothing behind; the same chain again is no change.
      expect((await api('review', 'PUT', path, { actor: ADMIN, json: { chain: [level('unit_head'), level('department')], lastLevelException: { reason } } })).body.version).toBe(2);

      const history = await eventually(
        async () => {
          const res = await api<any>('reporting', 'GET', `/departments/${dept}/history`, { actor: AUDITOR });
          return res.status === 200 && res.body.entries.filter((e: any) => e.source === 'sign-off-chain').length === 2 ? res.body : undefined;
        },
        { what: 'two sign-off chain changes in the department history', timeoutMs: 60_000 },
      );
      expect(history.entries[0]).toMatchObject({ source: 'department', label: '登记部门' });
      const [first, second] = history.entries.filter((e: any) => e.source === 'sign-off-chain');
      expect(first).toMatchObject({
        type: 'SignOffChainConfigured',
        label: '修改审核流程',
        actor: { id: FINANCE.id, role: 'finance_reviewer', roleLabel: '财政审核人' },
        changes: [{ field: '审核流程', before: '单位负责人（3个工作日） → 主管部门（可豁免，5个工作日） → 财政部门（可豁免，5个工作日）', after: '主管部门（可豁免，48小时） → 财政部门（可豁免，72小时）' }],
      });
      expect(second).toMatchObject({ actor: { id: ADMIN.id }, details: { lastLevelException: reason } });
      const outsider: Actor = { id: 'e2e-chain-other', role: 'department_reviewer', departmentId: departmentId, name: '别的部门' };
      expect((await api('reporting', 'GET', `/departments/${dept}/history`, { actor: outsider })).status).toBe(403);
    });

    it('takes a chain stored before chains were events into its stream when the service starts, losing nothing', async () => {
      const dept = await newDepartment('原有审核流程部门');
      const stored = [{ ...level('unit_head'), note: '旧配置' }, level('finance', 24)];
      await withE2eDatabase((db) =>
        db.query(`INSERT INTO review.sign_off_chains (department_id, chain, updated_by, updated_at) VALUES ($1, $2, 'e2e-legacy-finance', '2026-11-01T08:00:00Z')`, [dept, JSON.stringify(stored)]),
      );
      await stopService('review');
      await startAgain('review');
      const view = await api('review', 'GET', `/departments/${dept}/sign-off-chain`, { actor: ADMIN });
      expect(view.body).toMatchObject({ version: 1, updatedBy: 'e2e-legacy-finance', updatedAt: '2026-11-01T08:00:00.000Z', chain: [level('unit_head'), level('finance', 24)] });
      const history = await eventually(
        async () => {
          const res = await api<any>('reporting', 'GET', `/departments/${dept}/history`, { actor: AUDITOR });
          return res.body?.entries?.find((e: any) => e.source === 'sign-off-chain');
        },
        { what: 'the adopted chain in the department history', timeoutMs: 60_000 },
      );
      expect(history).toMatchObject({ label: '审核流程（接管原有配置）', actor: { role: 'system' }, details: { adoptedFrom: { updatedBy: 'e2e-legacy-finance' } } });
      const events = await withE2eDatabase(async (db) => (await db.query(`SELECT data FROM review.events WHERE stream_id = $1`, [`sign-off-chain-${dept}`])).rows);
      expect(events).toHaveLength(1);
      expect(events[0].data.adoptedFrom.stored).toEqual(stored);
    });
  });

  describe('fault: the review service stopped while submissions arrive', () => {
    it('reviews every submission exactly once after it restarts', async () => {
      const imported = await api('intake', 'POST', `/imports?fiscalYear=${FAULT_YEAR}`, { text: REFERENCE });
      expect(imported.status).toBe(200);
      const drafts = (await sheetsOf(FAULT_YEAR, departmentId)).filter((s) => s.unitId === orgUnitId && s.status === 'draft').slice(0, 4);
      expect(drafts.length).toBe(4);
      await stopService('review');
      try {
        for (const d of drafts) {
          const res = await api<Sheet>('intake', 'POST', `/sheets/${d.sheetId}/submit`, { actor: clerk, json: { expectedVersion: d.version } });
          expect(res.status).toBe(200);
        }
      } finally {
        await startAgain('review');
      }
      for (const d of drafts) {
        const review = await reviewOf(d.sheetId, 1);
        expect(['awaiting_level', 'revision_requested']).toContain(review.status);
        await eventually(async () => ['under_review', 'revision_requested'].includes((await sheet(d.sheetId)).status), { what: `${d.projectName} under review`, timeoutMs: 60_000 });
        expect(await reviewsOf(d.sheetId)).toHaveLength(1);
        const events = (await api<{ events: { type: string }[] }>('intake', 'GET', `/sheets/${d.sheetId}/events`)).body.events;
        expect(events.filter((e) => e.type === 'SheetReviewStarted')).toHaveLength(1);
      }
    });
  });
});
