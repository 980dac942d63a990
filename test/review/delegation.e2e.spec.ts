import { type Actor, chinaDateOf, DELEGATION_MESSAGES, FOUR_EYES_MESSAGE } from '@budget/domain';
import { api, eventually } from '../support/api';
import { importReference, intakeSheet } from '../support/workflow';

jest.setTimeout(180_000);

// A year of its own, so this file's sheets are apart from those of the other e2e files.
const YEAR = 2043;

function beijingDay(days = 0): string {
  return chinaDateOf(new Date(Date.now() + days * 86_400_000).toISOString());
}

interface Review {
  reviewId: string;
  status: string;
  currentLevel: string | null;
  version: number;
}

describe('代理审批: a delegate acts for a department reviewer on the real stack', () => {
  let departmentId: string;
  let unitId: string;
  let clerk: Actor;
  let head: Actor;
  let delegator: Actor;
  let delegate: Actor;
  let stranger: Actor;
  let delegationId: string;

  const content = (projectName: string) => ({
    fiscalYear: YEAR,
    unitId,
    projectName,
    funding: { fiscalAppropriation: '20.00' },
    goal: '通过开展党员教育培训，提高党员队伍素质，服务全区中心工作。',
    indicators: [
      { level1: '1-产出指标', level2: '11-数量指标', name: '培训人次', periodTarget: '≥500人次', annualTarget: '≥500人次' },
      { level1: '2-效益指标', level2: '22-社会效益', name: '党员队伍素质', periodTarget: '有所提升', annualTarget: '有所提升' },
      { level1: '3-满意度指标', level2: '31-服务对象满意度', name: '参训党员满意度', periodTarget: '≥90%', annualTarget: '≥90%' },
    ],
  });

  /** A draft created by `author`, submitted by the unit's clerk, signed off by the unit head: waiting at the department. */
  async function atDepartment(projectName: string, author: Actor): Promise<{ sheetId: string; review: Review }> {
    const created = await api<{ sheetId: string; version: number }>('intake', 'POST', '/sheets', { actor: author, json: content(projectName) });
    expect(created.status).toBe(201);
    const { sheetId } = created.body;
    const submitted = await api('intake', 'POST', `/sheets/${sheetId}/submit`, { actor: clerk, json: { expectedVersion: (await intakeSheet(sheetId)).version } });
    expect(submitted.status).toBe(200);
    const atUnit = await reviewAt(sheetId, 'unit_head');
    expect((await api('review', 'POST', `/reviews/${atUnit.reviewId}/acknowledge-warnings`, { actor: head, json: {} })).status).toBe(200);
    expect((await api('review', 'POST', `/reviews/${atUnit.reviewId}/approve`, { actor: head, json: {} })).status).toBe(200);
    return { sheetId, review: await reviewAt(sheetId, 'department') };
  }

  function reviewAt(sheetId: string, level: string): Promise<Review> {
    return eventually(
      async () => {
        const res = await api<{ items: Review[] }>('review', 'GET', `/reviews?sheetId=${sheetId}`);
        return res.body.items.find((r) => r.status === 'awaiting_level' && r.currentLevel === level);
      },
      { what: `the review of ${sheetId} at ${level}`, timeoutMs: 60_000 },
    );
  }

  const actFor = (actor: Actor, reviewId: string, path: string, json: Record<string, unknown> = {}) =>
    api('review', 'POST', `/reviews/${reviewId}/${path}`, { actor, json: { actingFor: delegator.id, ...json } });

  beforeAll(async () => {
    const imported = await importReference(YEAR);
    departmentId = imported.departmentId;
    unitId = imported.units[0]!.unitId;
    clerk = { id: 'e2e-dlg-clerk', role: 'unit_clerk', departmentId, unitId, name: '代理经办人' };
    head = { id: 'e2e-dlg-head', role: 'unit_head', departmentId, unitId, name: '代理单位负责人' };
    delegator = { id: 'e2e-dlg-zhang', role: 'department_reviewer', departmentId, name: '张三' };
    delegate = { id: 'e2e-dlg-li', role: 'department_reviewer', departmentId, name: '李四' };
    stranger = { id: 'e2e-dlg-wang', role: 'department_reviewer', departmentId: 'e2e-dlg-elsewhere', name: '王其他' };
    // The people directory (admin): the delegate has never signed in; the directory is what names them.
    for (const [person, name] of [
      [delegator, '张三'],
      [delegate, '李四'],
      [stranger, '王其他'],
      [head, '代理单位负责人'],
    ] as const) {
      const { role, departmentId: dept, unitId: unit } = person;
      expect((await api('review', 'PUT', `/contacts/${person.id}`, { json: { role, name, departmentId: dept, ...(unit ? { unitId: unit } : {}) } })).status).toBe(200);
    }
  });

  it('refuses, in Chinese, a delegate of another organisation or role, oneself, a past start, more than 92 days', async () => {
    const grant = (json: Record<string, unknown>) => api('review', 'POST', '/delegations', { actor: delegator, json: { delegateId: delegate.id, from: beijingDay(), to: beijingDay(5), reason: '出差', ...json } });
    const cases: [Record<string, unknown>, number, string][] = [
      [{ delegateId: stranger.id }, 403, DELEGATION_MESSAGES.sameOrganisation],
      [{ delegateId: head.id }, 403, DELEGATION_MESSAGES.sameRole],
      [{ delegateId: delegator.id }, 403, DELEGATION_MESSAGES.notSelf],
      [{ from: beijingDay(-1) }, 400, DELEGATION_MESSAGES.fromInPast],
      [{ to: beijingDay(92) }, 400, DELEGATION_MESSAGES.tooLong(92)],
      [{ delegateId: 'e2e-dlg-nobody' }, 400, DELEGATION_MESSAGES.delegateUnknown],
    ];
    for (const [json, status, message] of cases) {
      const res = await grant(json);
      expect([res.status, JSON.stringify(res.body)]).toEqual([status, expect.stringContaining(message)]);
    }
    // Only sign-off roles delegate.
    expect((await api('review', 'POST', '/delegations', { actor: clerk, json: { delegateId: delegate.id, from: beijingDay(), to: beijingDay(1), reason: '出差' } })).status).toBe(403);
  });

  it('grants a delegation for a week; both people list it; an overlapping one and a stranger’s revocation are refused', async () => {
    const res = await api('review', 'POST', '/delegations', { actor: delegator, json: { delegateId: delegate.id, from: beijingDay(), to: beijingDay(6), reason: '出差' } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ delegator: { id: delegator.id, name: '张三' }, delegate: { id: delegate.id, name: '李四', departmentId }, status: 'in_force', statusLabel: '代理中' });
    delegationId = res.body.delegationId as string;
    for (const person of [delegator, delegate]) {
      const list = await api<{ items: { delegationId: string }[] }>('review', 'GET', '/delegations', { actor: person });
      expect(list.body.items.map((d) => d.delegationId)).toContain(delegationId);
    }
    const overlap = await api('review', 'POST', '/delegations', { actor: delegator, json: { delegateId: delegate.id, from: beijingDay(3), to: beijingDay(9), reason: '再次出差' } });
    expect([overlap.status, JSON.stringify(overlap.body)]).toEqual([409, expect.stringContaining('已有代理审批')]);
    const byStranger = await api('review', 'POST', `/delegations/${delegationId}/revoke`, { actor: delegate, json: { reason: '不需要' } });
    expect([byStranger.status, JSON.stringify(byStranger.body)]).toEqual([403, expect.stringContaining(DELEGATION_MESSAGES.mayRevoke)]);
  });

  it('a delegate approves for the delegator: 待办 marks the task “代张三审核”, the review and the sheet’s history say acting for', async () => {
    const { sheetId, review } = await atDepartment('代理审批测试项目甲', clerk);
    const tasks = await api<{ items: { reviewId: string; actingFor: { delegatorId: string; label: string }[] }[] }>('review', 'GET', '/tasks', { actor: delegate });
    expect(tasks.body.items.find((t) => t.reviewId === review.reviewId)?.actingFor).toEqual([expect.objectContaining({ delegatorId: delegator.id, label: '代张三审核' })]);

    expect((await actFor(delegate, review.reviewId, 'acknowledge-warnings')).status).toBe(200);
    const approved = await actFor(delegate, review.reviewId, 'approve', { comments: '同意（代审）' });
    expect(approved.status).toBe(200);
    const decision = (approved.body as { tasks: { level: string; decision: { by: string; actingFor?: { delegatorId: string } } | null }[] }).tasks.find((t) => t.level === 'department')?.decision;
    expect(decision).toMatchObject({ by: delegate.id, actingFor: { delegatorId: delegator.id, delegationId } });
    expect((approved.body as { people: Record<string, string> }).people).toMatchObject({ [delegator.id]: '张三', [delegate.id]: '李四' });

    const entry = await eventually(
      async () => {
        const history = await api<{ entries: { type: string; label: string; actor: { id: string }; actingFor: { label: string } | null }[] }>('reporting', 'GET', `/sheets/${sheetId}/history`);
        return history.status === 200 ? history.body.entries.find((e) => e.type === 'LevelApproved' && e.actingFor !== null) : undefined;
      },
      { what: 'the delegate’s approval in the sheet’s history', timeoutMs: 60_000 },
    );
    expect(entry).toMatchObject({ actor: { id: delegate.id }, actingFor: { label: '代张三审核' } });
    expect(entry.label).toContain('代张三审核');
  });

  it('four-eyes holds: the delegate cannot decide what they created, nor what the delegator created', async () => {
    const own = await atDepartment('代理审批测试项目乙', delegate);
    const res = await actFor(delegate, own.review.reviewId, 'acknowledge-warnings');
    expect([res.status, JSON.stringify(res.body)]).toEqual([403, expect.stringContaining(DELEGATION_MESSAGES.fourEyesDelegate)]);

    const delegators = await atDepartment('代理审批测试项目丙', delegator);
    const theirs = await actFor(delegate, delegators.review.reviewId, 'acknowledge-warnings');
    expect([theirs.status, JSON.stringify(theirs.body)]).toEqual([403, expect.stringContaining(FOUR_EYES_MESSAGE)]);
  });

  it('a revoked delegation stops working at once', async () => {
    const { review } = await atDepartment('代理审批测试项目丁', clerk);
    const revoked = await api('review', 'POST', `/delegations/${delegationId}/revoke`, { actor: delegator, json: { reason: '提前返岗' } });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', statusLabel: '已撤销' });
    const res = await actFor(delegate, review.reviewId, 'acknowledge-warnings');
    expect([res.status, JSON.stringify(res.body)]).toEqual([403, expect.stringContaining(DELEGATION_MESSAGES.notInForce)]);
    const tasks = await api<{ items: { reviewId: string; actingFor: unknown[] }[] }>('review', 'GET', '/tasks', { actor: delegate });
    expect(tasks.body.items.find((t) => t.reviewId === review.reviewId)?.actingFor).toEqual([]);
  });
});
