import { InMemoryRecipientDirectory } from './in-memory-directory';
import { notificationId } from './ids';
import { audiencesFor, deliverAtFor, planDeliveries, recipientMatches, subscriptionMatches } from './plan';
import { type NotificationRequest, type Recipient, type ReviewLevel, type SheetRef, type WebhookSubscription } from './types';

const sheet: SheetRef = { sheetId: 'sheet-p1-2025', projectName: '干部工作经费', fiscalYear: 2025, departmentId: 'D1', unitId: 'U1', unitName: '组织部机关' };
const departmentLevel: ReviewLevel = { levelId: 'department', name: '部门审核', role: 'department_reviewer', departmentId: 'D1' };
const now = new Date('2025-03-01T00:00:00Z');
const HOUR = 3_600_000;

const users: Recipient[] = [
  { userId: 'clerk-1', name: '张三', role: 'unit_clerk', departmentId: 'D1', unitId: 'U1', email: 'zhang@u1.example' },
  { userId: 'clerk-2', role: 'unit_clerk', departmentId: 'D1', unitId: 'U1' },
  { userId: 'clerk-other', role: 'unit_clerk', departmentId: 'D1', unitId: 'U2', email: 'x@u2.example' },
  { userId: 'head-1', role: 'unit_head', departmentId: 'D1', unitId: 'U1', email: 'head@u1.example' },
  { userId: 'dept-1', role: 'department_reviewer', departmentId: 'D1', email: 'dept@d1.example' },
  { userId: 'dept-other', role: 'department_reviewer', departmentId: 'D2' },
  { userId: 'finance-all', role: 'finance_reviewer' },
];

const hook = (id: string, over: Partial<WebhookSubscription> = {}): WebhookSubscription => ({
  id,
  url: `http://127.0.0.1:9/${id}`,
  secret: 'secret-of-sixteen-chars',
  kinds: [],
  active: true,
  ...over,
});

describe('audiences', () => {
  it('sends revision requests to the unit’s clerks, decisions to the unit, tasks and deadlines to the level’s reviewers', async () => {
    const directory = new InMemoryRecipientDirectory({ users });
    const who = async (request: NotificationRequest): Promise<string[]> => {
      const ids = new Set<string>();
      for (const audience of audiencesFor(request)) for (const r of await directory.recipients(audience)) ids.add(r.userId);
      return [...ids].sort();
    };
    const base = { sourceEventId: 'e1', sheet };
    expect(await who({ ...base, kind: 'revision_requested' })).toEqual(['clerk-1', 'clerk-2']);
    expect(await who({ ...base, kind: 'final_decision', decision: 'approved' })).toEqual(['clerk-1', 'clerk-2', 'head-1']);
    expect(await who({ ...base, kind: 'task_waiting', taskId: 't1', level: departmentLevel })).toEqual(['dept-1']);
    expect(await who({ ...base, kind: 'task_waiting', taskId: 't1', level: { levelId: 'unit_head', name: '单位负责人审核', role: 'unit_head', departmentId: 'D1', unitId: 'U1' } })).toEqual([
      'head-1',
    ]);
    // A finance reviewer without a department covers every department.
    expect(await who({ ...base, kind: 'deadline_reminder', taskId: 't1', dueAt: '2025-03-05T00:00:00Z', level: { levelId: 'finance', name: '财政审核', role: 'finance_reviewer', departmentId: 'D1' } })).toEqual([
      'finance-all',
    ]);
    expect(
      await who({ ...base, kind: 'deadline_escalation', taskId: 't1', dueAt: '2025-03-05T00:00:00Z', level: departmentLevel, escalateTo: { levelId: 'finance', name: '财政审核', role: 'finance_reviewer' } }),
    ).toEqual(['dept-1', 'finance-all']);
  });

  it('sends a swept escalation to the holders of the supervisor’s post for the department, or to the level’s reviewers when nobody holds it', async () => {
    const supervisors: Recipient[] = [
      { userId: 'dept-head-d1', name: '李部长', post: 'department_head', departmentId: 'D1' },
      { userId: 'dept-head-d2', post: 'department_head', departmentId: 'D2' },
      { userId: 'chief-all', post: 'finance_section_chief' },
    ];
    const directory = new InMemoryRecipientDirectory({ users: [...users, ...supervisors] });
    const who = async (request: NotificationRequest): Promise<string[]> => {
      const ids = new Set<string>();
      for (const audience of audiencesFor(request)) for (const r of await directory.recipients(audience)) ids.add(r.userId);
      return [...ids].sort();
    };
    const escalation = (post: string, registered: boolean): NotificationRequest => ({
      sourceEventId: 'e1',
      sheet,
      kind: 'deadline_escalation',
      taskId: 't1',
      dueAt: '2025-03-05T00:00:00Z',
      decidedAt: '2025-03-06T00:00:00Z',
      level: departmentLevel,
      supervisor: { post, name: '部门负责人', departmentId: 'D1', registered },
    });
    expect(await who(escalation('department_head', true))).toEqual(['dept-head-d1']);
    expect(await who(escalation('finance_section_chief', true))).toEqual(['chief-all']);
    expect(await who(escalation('department_head', false))).toEqual(['dept-1']);
  });

  it('delivers what the deadline sweep decided at once, whatever the due time', () => {
    const base = { sourceEventId: 'e1', sheet, taskId: 't1', level: departmentLevel, decidedAt: now.toISOString() };
    expect(deliverAtFor({ ...base, kind: 'deadline_reminder', dueAt: '2025-02-01T00:00:00Z' }, now, 24 * HOUR)).toEqual(now);
    expect(deliverAtFor({ ...base, kind: 'deadline_escalation', dueAt: '2025-04-01T00:00:00Z' }, now, 24 * HOUR)).toEqual(now);
  });

  it('matches a reviewer of another department to nothing', () => {
    expect(recipientMatches({ type: 'reviewers', role: 'department_reviewer', departmentId: 'D1' }, users[5]!)).toBe(false);
  });
});

describe('webhook subscriptions', () => {
  it('cover a sheet by department, unit or everything, and filter by kind', () => {
    const scope = { departmentId: 'D1', unitId: 'U1' };
    expect(subscriptionMatches(hook('all'), scope, 'task_waiting')).toBe(true);
    expect(subscriptionMatches(hook('d1', { departmentId: 'D1' }), scope, 'task_waiting')).toBe(true);
    expect(subscriptionMatches(hook('d2', { departmentId: 'D2' }), scope, 'task_waiting')).toBe(false);
    expect(subscriptionMatches(hook('u1', { departmentId: 'D1', unitId: 'U1' }), scope, 'task_waiting')).toBe(true);
    expect(subscriptionMatches(hook('u2', { unitId: 'U2' }), scope, 'task_waiting')).toBe(false);
    expect(subscriptionMatches(hook('rev', { kinds: ['revision_requested'] }), scope, 'task_waiting')).toBe(false);
    expect(subscriptionMatches(hook('rev', { kinds: ['revision_requested'] }), scope, 'revision_requested')).toBe(true);
  });

  it('the in-memory directory leaves out inactive subscriptions', async () => {
    const directory = new InMemoryRecipientDirectory({ subscriptions: [hook('a'), hook('b', { active: false })] });
    expect((await directory.webhookSubscriptions({ departmentId: 'D1', unitId: 'U1' }, 'final_decision')).map((s) => s.id)).toEqual(['a']);
    expect(await directory.webhookSubscription('b')).toMatchObject({ active: false });
  });
});

describe('planDeliveries', () => {
  const request: NotificationRequest = { kind: 'revision_requested', sourceEventId: 'evt-1', sheet, reason: '产出指标缺少数量指标' };
  const resolved = { recipients: users.slice(0, 2), subscriptions: [hook('u1-hook', { unitId: 'U1' }), hook('off', { active: false })] };

  it('plans an inbox entry per person, an e-mail per address and a POST per active subscription', () => {
    const planned = planDeliveries(request, resolved, now, HOUR);
    expect(planned.map((p) => `${p.channel}:${p.recipient}:${p.address ?? ''}`).sort()).toEqual([
      'email:clerk-1:zhang@u1.example',
      'inbox:clerk-1:',
      'inbox:clerk-2:',
      'webhook:u1-hook:http://127.0.0.1:9/u1-hook',
    ]);
    for (const p of planned) {
      expect(p.id).toBe(notificationId({ sourceEventId: 'evt-1', kind: 'revision_requested', channel: p.channel, recipient: p.recipient }));
      expect(p.deliverAt).toEqual(now);
      expect(p.cancelKey).toBeNull();
    }
    expect(planned.find((p) => p.channel === 'email')?.content.recipientName).toBe('张三');
  });

  it('plans the same ids when the same event is handled again, at another time', () => {
    const again = planDeliveries(request, resolved, new Date(now.getTime() + HOUR), HOUR);
    expect(again.map((p) => p.id).sort()).toEqual(planDeliveries(request, resolved, now, HOUR).map((p) => p.id).sort());
  });

  it('plans a person named twice once', () => {
    expect(planDeliveries(request, { recipients: [users[0]!, users[0]!], subscriptions: [] }, now, HOUR)).toHaveLength(2);
  });

  it('refuses a request without a source event', () => {
    expect(() => planDeliveries({ ...request, sourceEventId: ' ' }, resolved, now, HOUR)).toThrow('sourceEventId');
  });
});

describe('催办 (batch_reminder)', () => {
  const reminder = (unitId: string): NotificationRequest => ({
    kind: 'batch_reminder',
    sourceEventId: `evt-9:${unitId}`,
    unit: { departmentId: 'D1', unitId },
    fiscalYear: 2025,
    deadline: '2025-03-13',
    sheetIds: ['s-1'],
    text: '组织部催办：2025年度绩效目标表请于2025-03-13前报送，贵单位尚有1张未报送。',
  });

  it('goes to the unit’s clerks at once, and to a department’s webhook once per unit', () => {
    expect(audiencesFor(reminder('U1'))).toEqual([{ type: 'unit_clerks', departmentId: 'D1', unitId: 'U1' }]);
    const resolved = { recipients: users.filter((u) => recipientMatches({ type: 'unit_clerks', departmentId: 'D1', unitId: 'U1' }, u)), subscriptions: [hook('d1-hook', { departmentId: 'D1' }), hook('u2-hook', { unitId: 'U2' })] };
    const u1 = planDeliveries(reminder('U1'), resolved, now, HOUR);
    expect(u1.map((p) => `${p.channel}:${p.recipient}`).sort()).toEqual(['email:clerk-1', 'inbox:clerk-1', 'inbox:clerk-2', 'webhook:d1-hook']);
    expect(u1.every((p) => p.deliverAt === now && p.cancelKey === null)).toBe(true);
    const u2 = planDeliveries(reminder('U2'), { recipients: [], subscriptions: resolved.subscriptions }, now, HOUR);
    expect(u2.map((p) => p.recipient).sort()).toEqual(['d1-hook', 'u2-hook']);
    expect(u2.find((p) => p.recipient === 'd1-hook')?.id).not.toBe(u1.find((p) => p.recipient === 'd1-hook')?.id);
  });
});

describe('deadline timing', () => {
  const base = { sourceEventId: 'e1', sheet, taskId: 't1', level: departmentLevel };

  it('reminds lead time before the due time and escalates at it, both cancelled by the task key', () => {
    const dueAt = new Date(now.getTime() + 48 * HOUR).toISOString();
    expect(deliverAtFor({ ...base, kind: 'deadline_reminder', dueAt }, now, 24 * HOUR)).toEqual(new Date(now.getTime() + 24 * HOUR));
    expect(deliverAtFor({ ...base, kind: 'deadline_escalation', dueAt }, now, 24 * HOUR)).toEqual(new Date(dueAt));
    const planned = planDeliveries({ ...base, kind: 'deadline_reminder', dueAt }, { recipients: [users[4]!], subscriptions: [] }, now, 24 * HOUR);
    expect(planned.map((p) => p.cancelKey)).toEqual(['deadline:t1', 'deadline:t1']);
  });

  it('reminds at once when the lead time has begun, and not at all once the task is overdue', () => {
    const soon = new Date(now.getTime() + HOUR).toISOString();
    expect(deliverAtFor({ ...base, kind: 'deadline_reminder', dueAt: soon }, now, 24 * HOUR)).toEqual(now);
    const past = new Date(now.getTime() - HOUR).toISOString();
    expect(deliverAtFor({ ...base, kind: 'deadline_reminder', dueAt: past }, now, 24 * HOUR)).toBeNull();
    expect(planDeliveries({ ...base, kind: 'deadline_reminder', dueAt: past }, { recipients: [users[4]!], subscriptions: [] }, now, HOUR)).toEqual([]);
    expect(deliverAtFor({ ...base, kind: 'deadline_escalation', dueAt: past }, now, HOUR)).toEqual(new Date(past));
  });

  it('keeps an explicit cancel key and rejects a due time that is not an instant', () => {
    expect(planDeliveries({ ...base, kind: 'task_waiting', cancelKey: 'task:t1' }, { recipients: [users[4]!], subscriptions: [] }, now, HOUR)[0]?.cancelKey).toBe('task:t1');
    expect(() => deliverAtFor({ ...base, kind: 'deadline_escalation', dueAt: '下周一' }, now, HOUR)).toThrow('ISO-8601');
  });
});
