import type { Actor } from '@budget/domain';
import { api, eventually } from '../support/api';
import { runCli } from '../support/workflow';

// 催办: a department of its own (so no other flow sees its units), a year no other e2e file uses.
jest.setTimeout(120_000);

const YEAR = 2044;
const DEADLINE = '2099-06-30';

interface InboxItem {
  readonly kind: string;
  readonly title: string;
  readonly body: string;
  readonly data: { readonly unit?: { readonly unitId: string }; readonly sheetIds?: readonly string[] };
}

async function batchRemindersOf(actor: Actor): Promise<InboxItem[]> {
  const res = await api<{ items: InboxItem[] }>('review', 'GET', '/inbox', { actor });
  expect(res.status).toBe(200);
  return res.body.items.filter((i) => i.kind === 'batch_reminder');
}

describe('催办: a department reviewer reminds the units with open drafts', () => {
  let departmentId: string;
  let reviewer: Actor;
  let busyClerk: Actor;
  let idleClerk: Actor;
  const drafts: string[] = [];

  const remind = (actor: Actor, json: Record<string, unknown>) => api('intake', 'POST', `/departments/${departmentId}/batch-reminders`, { actor, json: { fiscalYear: YEAR, deadline: DEADLINE, ...json } });

  beforeAll(async () => {
    const department = await api<{ departmentId: string }>('intake', 'POST', '/departments', { json: { name: '催办测试部门' } });
    expect(department.status).toBe(201);
    departmentId = department.body.departmentId;
    expect((await api('intake', 'POST', `/departments/${departmentId}/units`, { json: { name: '催办甲单位' } })).status).toBe(201);
    const units = await api<{ units: { unitId: string; name: string }[] }>('intake', 'POST', `/departments/${departmentId}/units`, { json: { name: '催办乙单位' } });
    const [busy, idle] = units.body.units;
    reviewer = { id: 'e2e-remind-dept', role: 'department_reviewer', departmentId, name: '催办审核人' };
    busyClerk = { id: 'e2e-remind-busy', role: 'unit_clerk', departmentId, unitId: busy!.unitId, name: '甲单位经办人' };
    idleClerk = { id: 'e2e-remind-idle', role: 'unit_clerk', departmentId, unitId: idle!.unitId, name: '乙单位经办人' };
    for (const clerk of [busyClerk, idleClerk]) {
      expect((await api('review', 'PUT', `/contacts/${clerk.id}`, { json: { role: 'unit_clerk', name: clerk.name, departmentId, unitId: clerk.unitId } })).status).toBe(200);
    }
    for (const projectName of ['催办测试项目一', '催办测试项目二']) {
      const res = await api<{ sheetId: string }>('intake', 'POST', '/sheets', { actor: busyClerk, json: { fiscalYear: YEAR, projectName, funding: { fiscalAppropriation: '10' } } });
      expect(res.status).toBe(201);
      drafts.push(res.body.sheetId);
    }
  });

  it('refuses other roles, another department’s reviewer, a past deadline and a year with nothing open, in Chinese', async () => {
    const forbidden = await remind(busyClerk, {});
    expect(forbidden.status).toBe(403);
    const otherDepartment = await remind({ id: 'e2e-remind-other', role: 'department_reviewer', departmentId: 'dept-elsewhere' }, {});
    expect(otherDepartment.status).toBe(403);
    expect(otherDepartment.body).toMatchObject({ code: 'FORBIDDEN', message: '只有本部门的部门审核人可以催办' });
    const past = await remind(reviewer, { deadline: '2020-01-01' });
    expect(past.status).toBe(409);
    expect(past.body).toMatchObject({ code: 'ILLEGAL_STATE', message: '催办截止日期已过' });
    const nothingOpen = await remind(reviewer, { fiscalYear: YEAR + 1 });
    expect(nothingOpen.status).toBe(409);
    expect(nothingOpen.body).toMatchObject({ code: 'ILLEGAL_STATE', message: '没有尚未报送的单位，无需催办' });
    const noDate = await remind(reviewer, { deadline: undefined });
    expect(noDate.status).toBe(400);
  });

  it('the clerk of the unit with open drafts finds the 催办 in the inbox; the unit with nothing open gets nothing', async () => {
    const res = await remind(reviewer, { batchId: 'e2e-batch-1', message: '请抓紧报送' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ batchId: 'e2e-batch-1', outcome: 'sent', counts: { units: 1, drafts: 2 }, units: [{ unitId: busyClerk.unitId, unitName: '催办甲单位', drafts: 2 }] });
    const inbox = await eventually(async () => {
      const items = await batchRemindersOf(busyClerk);
      return items.length > 0 ? items : undefined;
    }, { what: 'the 催办 in the clerk’s inbox' });
    expect(inbox).toHaveLength(1);
    expect(inbox[0]!.title).toBe(`催办：${YEAR}年度绩效目标表请于${DEADLINE}前报送`);
    expect(inbox[0]!.body).toBe(`催办测试部门催办：${YEAR}年度绩效目标表请于${DEADLINE}前报送，贵单位尚有2张未报送。\n催办说明：请抓紧报送`);
    expect([...inbox[0]!.data.sheetIds!].sort()).toEqual([...drafts].sort());
    expect(await batchRemindersOf(idleClerk)).toEqual([]);
  });

  it('repeating the request with the same batchId sends nothing; another batch is sent', async () => {
    const again = await remind(reviewer, { batchId: 'e2e-batch-1' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ outcome: 'already-sent', counts: { units: 0, drafts: 0 } });
    const next = await remind(reviewer, { batchId: 'e2e-batch-2' });
    expect(next.body).toMatchObject({ outcome: 'sent', counts: { units: 1, drafts: 2 } });
    // Both go through the same stream and topic partition in order: once the second is in, the repeat would be too.
    await eventually(async () => ((await batchRemindersOf(busyClerk)).length >= 2 ? true : undefined), { what: 'the second batch' });
    expect(await batchRemindersOf(busyClerk)).toHaveLength(2);
    expect(await batchRemindersOf(idleClerk)).toEqual([]);
  });

  it('the CLI sends a 催办 as the department’s reviewer, and says so when the batch went out before', async () => {
    // The CLI finds the department by name in the reporting service, which learns of it from Kafka.
    await eventually(async () => {
      const res = await api<{ items: { departmentId: string; fiscalYears: { fiscalYear: number }[] }[] }>('reporting', 'GET', '/departments');
      return res.body.items.some((d) => d.departmentId === departmentId && d.fiscalYears.some((y) => y.fiscalYear === YEAR)) ? true : undefined;
    }, { what: 'the department in the reporting service' });
    const args = ['remind', '--department', '催办测试部门', '--deadline', DEADLINE, '--batch', 'e2e-batch-cli'];
    const first = await runCli(args);
    expect(first).toMatchObject({ code: 0 });
    expect(first.stdout).toContain(`催办测试部门 ${YEAR}: 催办 sent to 1 units, 2 open drafts, deadline ${DEADLINE} (batch e2e-batch-cli)`);
    expect(first.stdout).toContain('催办甲单位: 2');
    const again = await runCli(args);
    expect(again.stdout).toContain('was sent before; nothing sent again');
    await eventually(async () => ((await batchRemindersOf(busyClerk)).length >= 3 ? true : undefined), { what: 'the CLI’s batch' });
    expect(await batchRemindersOf(busyClerk)).toHaveLength(3);
  });
});
