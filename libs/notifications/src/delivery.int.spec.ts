import { randomUUID } from 'node:crypto';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import { type NotificationsConfig } from './config';
import { NotificationDispatcher, type NotificationDispatcherOptions } from './dispatcher';
import { deadlineCancelKey, jobIdFor } from './ids';
import { NotificationInbox } from './inbox';
import { Notifier } from './notifier';
import { PostgresRecipientDirectory } from './postgres-directory';
import { queueName } from './queues';
import { type WebhookPayload } from './render';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifyWebhookSignature } from './signing';
import {
  type TestSchema,
  type TestSmtpServer,
  type TestWebhookReceiver,
  count,
  createTestSchema,
  deleteRedisPrefix,
  inTransaction,
  sleep,
  startSmtpServer,
  startWebhookReceiver,
  testConfig,
  waitFor,
} from './testing/harness';
import { type Channel, type ReviewLevel, type SheetRef } from './types';
import { NotificationWorkers } from './workers';

jest.setTimeout(30_000);

const U1_SECRET = 'u1-webhook-secret-0123456789';
const U2_SECRET = 'u2-webhook-secret-0123456789';
const sheetU1: SheetRef = { sheetId: 'sheet-p1-2025', projectName: '干部工作经费', fiscalYear: 2025, departmentId: 'D1', unitId: 'U1', unitName: '组织部机关' };
const sheetU2: SheetRef = { sheetId: 'sheet-p2-2025', projectName: '党员教育培训', fiscalYear: 2025, departmentId: 'D1', unitId: 'U2', unitName: '党员教育中心' };
const departmentLevel: ReviewLevel = { levelId: 'department', name: '部门审核', role: 'department_reviewer', departmentId: 'D1' };

let db: TestSchema;
let smtp: TestSmtpServer;
let receiver: TestWebhookReceiver;
let config: NotificationsConfig;
let directory: PostgresRecipientDirectory;
let notifier: Notifier;
let inbox: NotificationInbox;
let workers: NotificationWorkers;
const stoppers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  [db, smtp, receiver] = await Promise.all([createTestSchema(), startSmtpServer(), startWebhookReceiver()]);
  config = testConfig(db.schema, { smtp: { port: smtp.port, timeoutMs: 3_000 }, reminderLeadMs: 1_500 });
  directory = new PostgresRecipientDirectory(db.pool, { schema: db.schema });
  await directory.upsertContact({ userId: 'clerk-1', name: '张三', role: 'unit_clerk', departmentId: 'D1', unitId: 'U1', email: 'zhang.san@u1.example' });
  await directory.upsertContact({ userId: 'clerk-2', name: '李四', role: 'unit_clerk', departmentId: 'D1', unitId: 'U1' });
  await directory.upsertContact({ userId: 'clerk-9', role: 'unit_clerk', departmentId: 'D1', unitId: 'U1', email: 'gone@u1.example', active: false });
  await directory.upsertContact({ userId: 'head-1', name: '王五', role: 'unit_head', departmentId: 'D1', unitId: 'U1', email: 'wang@u1.example', emailEnabled: false });
  await directory.upsertContact({ userId: 'dept-1', name: '赵六', role: 'department_reviewer', departmentId: 'D1' });
  await directory.upsertWebhookSubscription({ id: 'hook-u1', departmentId: 'D1', unitId: 'U1', url: `${receiver.url}/u1`, secret: U1_SECRET });
  await directory.upsertWebhookSubscription({ id: 'hook-u2', unitId: 'U2', url: `${receiver.url}/u2`, secret: U2_SECRET, kinds: ['final_decision'] });
  await directory.upsertWebhookSubscription({ id: 'hook-off', url: `${receiver.url}/off`, secret: U1_SECRET, active: false });
  notifier = new Notifier(db.pool, directory, config);
  inbox = new NotificationInbox(db.pool, { schema: db.schema });
  workers = new NotificationWorkers(db.pool, directory, config, { logger: () => undefined });
  workers.start();
});

afterEach(async () => {
  for (const stop of stoppers.splice(0).reverse()) await stop();
});

afterAll(async () => {
  await workers.stop();
  await deleteRedisPrefix(config.queuePrefix);
  await Promise.all([db.drop(), smtp.close(), receiver.close()]);
});

function dispatcher(opts: NotificationDispatcherOptions = {}, cfg: NotificationsConfig = config): NotificationDispatcher {
  const d = new NotificationDispatcher(db.pool, cfg, { logger: () => undefined, ...opts });
  stoppers.push(() => d.stop());
  return d;
}

/** A queue handle for looking at jobs; closed after the test. */
function queue(channel: Channel): Queue {
  const q = new Queue(queueName(channel), { connection: { host: config.redis.host, port: config.redis.port }, prefix: config.queuePrefix });
  stoppers.push(() => q.close());
  return q;
}

async function statuses(sourceEventId: string): Promise<string[]> {
  return (await notifier.deliveriesOf(sourceEventId)).map((d) => `${d.channel}:${d.recipient}:${d.status}`);
}

function hooksFor(id: string): typeof receiver.received {
  return receiver.received.filter((r) => r.headers[DELIVERY_HEADER.toLowerCase()] === id);
}

it('delivers a revision request to the inbox, the webhook and the mailbox exactly once, however often it is requested and dispatched', async () => {
  const eventId = randomUUID();
  const request = { kind: 'revision_requested', sourceEventId: eventId, sheet: sheetU1, reason: '产出指标缺少数量指标' } as const;
  const first = await inTransaction(db.pool, (tx) => notifier.request(tx, request));
  expect(first.inserted).toHaveLength(4);
  // The same Kafka message delivered again: nothing new.
  const second = await inTransaction(db.pool, (tx) => notifier.request(tx, request));
  expect(second.inserted).toEqual([]);
  expect(second.ids).toEqual(first.ids);

  // Two dispatchers at once, then one replaced by a third.
  const a = dispatcher();
  const b = dispatcher();
  a.start();
  b.start();
  await waitFor('all four delivered', async () => (await statuses(eventId)).every((s) => s.endsWith(':delivered')));
  expect(await statuses(eventId)).toEqual(['email:clerk-1:delivered', 'inbox:clerk-1:delivered', 'inbox:clerk-2:delivered', 'webhook:hook-u1:delivered']);
  await a.stop();
  dispatcher().start();
  expect((await inTransaction(db.pool, (tx) => notifier.request(tx, request))).inserted).toEqual([]);
  await sleep(1_000);

  const deliveries = await notifier.deliveriesOf(eventId);
  const idOf = (channel: Channel, recipient: string): string => deliveries.find((d) => d.channel === channel && d.recipient === recipient)!.id;

  // Inbox: one item each, readable and markable only by its owner.
  expect(await count(db.pool, `SELECT count(*) FROM "${db.schema}".notification_inbox WHERE id = ANY($1)`, [first.ids])).toBe(2);
  const page = await inbox.listInbox('clerk-1');
  expect(page.items).toHaveLength(1);
  expect(page.items[0]).toMatchObject({ id: idOf('inbox', 'clerk-1'), kind: 'revision_requested', title: '绩效目标退回修改：干部工作经费', readAt: null });
  expect(page.items[0]!.body).toContain('审核意见：产出指标缺少数量指标');
  expect(await inbox.unreadCount('clerk-1')).toBe(1);
  expect(await inbox.markRead('clerk-2', [idOf('inbox', 'clerk-1')])).toBe(0);
  expect(await inbox.markRead('clerk-1', [idOf('inbox', 'clerk-1')])).toBe(1);
  expect(await inbox.unreadCount('clerk-1')).toBe(0);
  expect((await inbox.listInbox('clerk-1', { unreadOnly: true })).items).toEqual([]);
  expect(await inbox.unreadCount('clerk-2')).toBe(1);

  // Webhook: once, signed with the subscription's secret, with the delivery id and a timestamp.
  const webhookId = idOf('webhook', 'hook-u1');
  const hooks = hooksFor(webhookId);
  expect(hooks).toHaveLength(1);
  const hook = hooks[0]!;
  expect(hook.path).toBe('/u1');
  expect(verifyWebhookSignature(hook.rawBody, U1_SECRET, hook.headers[SIGNATURE_HEADER.toLowerCase()] as string)).toBe(true);
  expect(verifyWebhookSignature(hook.rawBody, U2_SECRET, hook.headers[SIGNATURE_HEADER.toLowerCase()] as string)).toBe(false);
  const payload = JSON.parse(hook.rawBody) as WebhookPayload;
  expect(payload).toMatchObject({ id: webhookId, kind: 'revision_requested', sourceEventId: eventId, title: '绩效目标退回修改：干部工作经费' });
  expect(Math.abs(Number(hook.headers[TIMESTAMP_HEADER.toLowerCase()]) - Date.parse(payload.sentAt) / 1000)).toBeLessThan(1);
  expect(receiver.received.some((r) => r.path === '/off')).toBe(false);

  // E-mail: once, to the one clerk with an address, in Chinese, its Message-ID recorded.
  const emailId = idOf('email', 'clerk-1');
  const mails = smtp.messages.filter((m) => m.headers.get('x-budget-delivery') === emailId);
  expect(mails).toHaveLength(1);
  const mail = mails[0]!;
  expect(mail.to).toEqual(['zhang.san@u1.example']);
  expect(mail.subject).toBe('绩效目标退回修改：干部工作经费');
  expect(mail.text).toContain('张三，您好：');
  expect(mail.text).toContain('组织部机关2025年度项目「干部工作经费」的绩效目标已被退回修改');
  expect(mail.headers.get('message-id')).toBe(`<${emailId}@notifications.budget>`);
  expect(deliveries.find((d) => d.id === emailId)!.messageId).toBe(`<${emailId}@notifications.budget>`);
  expect(smtp.messages.some((m) => m.to.includes('gone@u1.example') || m.to.includes('wang@u1.example'))).toBe(false);
});

it('sends nothing for a request whose transaction rolls back', async () => {
  const eventId = randomUUID();
  dispatcher().start();
  await expect(
    inTransaction(db.pool, async (tx) => {
      await notifier.request(tx, { kind: 'final_decision', sourceEventId: eventId, sheet: sheetU1, decision: 'approved', grade: '良' });
      throw new Error('the effect failed');
    }),
  ).rejects.toThrow('the effect failed');
  await sleep(500);
  expect(await notifier.deliveriesOf(eventId)).toEqual([]);
});

it('loses and repeats nothing when a dispatcher dies between enqueueing and marking', async () => {
  const eventId = randomUUID();
  let crashes = 0;
  const crashing = dispatcher({
    afterEnqueue: () => {
      crashes += 1;
      throw new Error('simulated crash before marking queued');
    },
  });
  await inTransaction(db.pool, (tx) => notifier.request(tx, { kind: 'task_waiting', sourceEventId: eventId, sheet: sheetU1, taskId: 't-crash', level: departmentLevel }));
  await expect(crashing.dispatchPending()).rejects.toThrow('simulated crash');
  expect(crashes).toBe(1);
  // The jobs are on BullMQ already; the replacement adds them again under the same ids.
  const replacement = dispatcher();
  replacement.start();
  await waitFor('delivered', async () => (await statuses(eventId)).every((s) => s.endsWith(':delivered')));
  expect(await statuses(eventId)).toEqual(['inbox:dept-1:delivered', 'webhook:hook-u1:delivered']);
  await sleep(500);
  const [delivery] = (await notifier.deliveriesOf(eventId)).filter((d) => d.channel === 'webhook');
  expect(hooksFor(delivery!.id)).toHaveLength(1);
  expect(await count(db.pool, `SELECT count(*) FROM "${db.schema}".notification_inbox WHERE user_id = 'dept-1' AND kind = 'task_waiting'`)).toBe(1);
});

it('retries a failing webhook receiver with exponential backoff, dead-letters it, lists it and sends it again on request', async () => {
  receiver.failing.add('/u2');
  const eventId = randomUUID();
  dispatcher().start();
  await inTransaction(db.pool, (tx) => notifier.request(tx, { kind: 'final_decision', sourceEventId: eventId, sheet: sheetU2, decision: 'rejected', reason: '绩效目标与预算不匹配' }));
  const [delivery] = await notifier.deliveriesOf(eventId);
  expect(delivery).toMatchObject({ channel: 'webhook', recipient: 'hook-u2' });
  const id = delivery!.id;

  await waitFor('dead-lettered', async () => (await statuses(eventId))[0] === 'webhook:hook-u2:dead');
  const attempts = hooksFor(id);
  expect(attempts.map((a) => a.answered)).toEqual([500, 500, 500]);
  const gaps = [attempts[1]!.at - attempts[0]!.at, attempts[2]!.at - attempts[1]!.at];
  // Backoff 150 ms, exponential: about 150 then 300 (plus worker latency).
  expect(gaps[0]).toBeGreaterThanOrEqual(140);
  expect(gaps[1]).toBeGreaterThanOrEqual(290);
  expect(gaps[1]).toBeGreaterThan(gaps[0]!);

  const letters = await notifier.listWebhookDeadLetters();
  const letter = letters.find((l) => l.notificationId === id);
  expect(letter).toMatchObject({ subscriptionId: 'hook-u2', url: `${receiver.url}/u2`, kind: 'final_decision', sourceEventId: eventId, attempts: 3, retry: 0, retriedAt: null });
  expect(letter!.error).toContain('HTTP 500');
  // The reply's body ('receiver is down') is never stored: a status and a reason phrase only.
  expect(letter!.error).not.toContain('receiver is down');
  expect(JSON.stringify(await notifier.deliveriesOf(eventId))).not.toContain('receiver is down');
  expect(letter!.title).toBe('绩效目标未通过审核：党员教育培训');

  // The receiver is fixed; an operator retries the dead letter, once.
  receiver.failing.delete('/u2');
  expect(await notifier.retryWebhookDeadLetter(letter!.id)).toBe(true);
  expect(await notifier.retryWebhookDeadLetter(letter!.id)).toBe(false);
  expect(await notifier.retryWebhookDeadLetter('999999999')).toBe(false);
  await waitFor('delivered after the retry', async () => (await statuses(eventId))[0] === 'webhook:hook-u2:delivered');
  const all = hooksFor(id);
  expect(all.map((a) => a.answered)).toEqual([500, 500, 500, 204]);
  expect(verifyWebhookSignature(all[3]!.rawBody, U2_SECRET, all[3]!.headers[SIGNATURE_HEADER.toLowerCase()] as string)).toBe(true);
  expect((await notifier.deliveriesOf(eventId))[0]).toMatchObject({ retry: 1, status: 'delivered' });
  expect((await notifier.listWebhookDeadLetters()).some((l) => l.notificationId === id)).toBe(false);
  expect((await notifier.listWebhookDeadLetters({ includeRetried: true })).find((l) => l.notificationId === id)?.retriedAt).toBeInstanceOf(Date);
});

it('delays deadline reminders and escalations as BullMQ jobs; a decision cancels them and removes the jobs', async () => {
  dispatcher().start();
  const inboxQueue = queue('inbox');
  const now = Date.now();
  // Task A is decided before its reminder is due; task B is not.
  const dueA = new Date(now + 3_500).toISOString();
  const dueB = new Date(now + 2_500).toISOString();
  const eventA = randomUUID();
  const eventB = randomUUID();
  await inTransaction(db.pool, async (tx) => {
    await notifier.scheduleDeadline(tx, { sourceEventId: eventA, sheet: sheetU1, taskId: 'task-A', level: departmentLevel, dueAt: dueA });
    await notifier.scheduleDeadline(tx, { sourceEventId: eventB, sheet: sheetU1, taskId: 'task-B', level: departmentLevel, dueAt: dueB });
  });
  const ofA = await notifier.deliveriesOf(eventA);
  expect(ofA.map((d) => `${d.kind}:${d.channel}:${d.recipient}`)).toEqual([
    'deadline_escalation:inbox:dept-1',
    'deadline_escalation:webhook:hook-u1',
    'deadline_reminder:inbox:dept-1',
    'deadline_reminder:webhook:hook-u1',
  ]);
  const reminderA = ofA.find((d) => d.kind === 'deadline_reminder' && d.channel === 'inbox')!;
  expect(reminderA.deliverAt.getTime()).toBe(Date.parse(dueA) - 1_500);

  await waitFor('task A queued', async () => (await statuses(eventA)).every((s) => s.endsWith(':queued')));
  const job = await inboxQueue.getJob(jobIdFor(reminderA.id, 0));
  expect(await job?.getState()).toBe('delayed');
  expect(job!.delay).toBeGreaterThan(500);

  const cancelled = await inTransaction(db.pool, (tx) => notifier.cancel(tx, deadlineCancelKey('task-A')));
  expect(cancelled).toBe(4);
  expect(await inTransaction(db.pool, (tx) => notifier.cancelDeadline(tx, 'task-A'))).toBe(0);
  await waitFor('the delayed jobs removed', async () => (await inboxQueue.getJob(reminderA.id)) === undefined);

  // B's reminder comes 1.5 s before its due time and its escalation at it; A's never.
  await waitFor('task B reminded and escalated', async () => (await statuses(eventB)).every((s) => s.endsWith(':delivered')), 10_000);
  for (const d of await notifier.deliveriesOf(eventB)) expect(d.deliveredAt!.getTime()).toBeGreaterThanOrEqual(d.deliverAt.getTime() - 50);
  await sleep(Math.max(0, Date.parse(dueA) + 500 - Date.now()));
  expect((await statuses(eventA)).every((s) => s.endsWith(':cancelled'))).toBe(true);
  expect(await count(db.pool, `SELECT count(*) FROM "${db.schema}".notification_inbox WHERE id = ANY($1)`, [ofA.map((d) => d.id)])).toBe(0);
  expect(ofA.flatMap((d) => hooksFor(d.id))).toEqual([]);
  const titles = (await inbox.listInbox('dept-1', { limit: 2 })).items.map((i) => i.title);
  expect(titles.sort()).toEqual(['审核即将到期：干部工作经费', '审核已超期：干部工作经费']);
});

it('pages through an inbox newest first', async () => {
  dispatcher().start();
  const events = [randomUUID(), randomUUID(), randomUUID()];
  for (const sourceEventId of events) {
    await inTransaction(db.pool, (tx) => notifier.request(tx, { kind: 'final_decision', sourceEventId, sheet: sheetU1, decision: 'approved' }));
    await waitFor('delivered', async () => (await statuses(sourceEventId)).includes('inbox:head-1:delivered'));
  }
  const first = await inbox.listInbox('head-1', { limit: 2 });
  expect(first.items).toHaveLength(2);
  expect(first.nextBefore).toBe(first.items[1]!.id);
  const second = await inbox.listInbox('head-1', { limit: 2, before: first.nextBefore! });
  expect(second.items).toHaveLength(1);
  expect(second.nextBefore).toBeNull();
  const order = [...first.items, ...second.items].map((i) => i.id);
  const expected = [];
  for (const sourceEventId of [...events].reverse()) expected.push((await notifier.deliveriesOf(sourceEventId)).find((d) => d.channel === 'inbox' && d.recipient === 'head-1')!.id);
  expect(order).toEqual(expected);
});

it('hands queued requests to BullMQ again when their jobs are lost (Redis restarted without its data) or finished without delivering', async () => {
  await workers.stop();
  const eventId = randomUUID();
  const first = dispatcher();
  await inTransaction(db.pool, (tx) => notifier.request(tx, { kind: 'revision_requested', sourceEventId: eventId, sheet: sheetU1 }));
  await first.dispatchPending();
  expect((await statuses(eventId)).every((s) => s.endsWith(':queued'))).toBe(true);
  // The inbox jobs fail for good without the rows hearing of it (as when PostgreSQL was down for
  // all their attempts); the other channels' jobs vanish.
  const rogue = new Worker(
    queueName('inbox'),
    () => {
      throw new UnrecoverableError('PostgreSQL unreachable');
    },
    { connection: { host: config.redis.host, port: config.redis.port }, prefix: config.queuePrefix },
  );
  stoppers.push(() => rogue.close());
  const inboxQueue = queue('inbox');
  await waitFor('inbox jobs failed', async () => (await inboxQueue.getJobCounts('failed')).failed === 2);
  await rogue.close();
  await Promise.all((['webhook', 'email'] as const).map((c) => queue(c).obliterate({ force: true })));

  const sweeping = dispatcher({}, { ...config, dispatcher: { ...config.dispatcher, requeueAfterMs: 300 } });
  sweeping.start();
  workers.start();
  await waitFor('delivered', async () => (await statuses(eventId)).every((s) => s.endsWith(':delivered')));
  const deliveries = await notifier.deliveriesOf(eventId);
  await sleep(500);
  expect(hooksFor(deliveries.find((d) => d.channel === 'webhook')!.id)).toHaveLength(1);
  expect(smtp.messages.filter((m) => m.headers.get('x-budget-delivery') === deliveries.find((d) => d.channel === 'email')!.id)).toHaveLength(1);
  expect(await count(db.pool, `SELECT count(*) FROM "${db.schema}".notification_inbox WHERE id = ANY($1)`, [deliveries.map((d) => d.id)])).toBe(2);
});

it('refuses a webhook to the metadata service or an address outside the allow-list: dead-lettered at once, nothing sent', async () => {
  const sheetU3: SheetRef = { ...sheetU2, sheetId: 'sheet-p3-2025', unitId: 'U3', unitName: '第三单位' };
  const port = new URL(receiver.url).port;
  await directory.upsertWebhookSubscription({ id: 'hook-meta', unitId: 'U3', url: 'http://169.254.169.254/latest/meta-data/', secret: U2_SECRET, kinds: ['final_decision'] });
  await directory.upsertWebhookSubscription({ id: 'hook-lo2', unitId: 'U3', url: `http://user:pa55word@127.0.0.2:${port}/u3`, secret: U2_SECRET, kinds: ['final_decision'] });
  const before = receiver.received.length;
  const eventId = randomUUID();
  dispatcher().start();
  await inTransaction(db.pool, (tx) => notifier.request(tx, { kind: 'final_decision', sourceEventId: eventId, sheet: sheetU3, decision: 'approved', reason: '' }));
  await waitFor('both dead-lettered', async () => (await statuses(eventId)).every((s) => s.endsWith(':dead')) && (await statuses(eventId)).length === 2);
  const letters = (await notifier.listWebhookDeadLetters()).filter((l) => l.sourceEventId === eventId);
  expect(letters.map((l) => [l.subscriptionId, l.attempts]).sort()).toEqual([
    ['hook-lo2', 1],
    ['hook-meta', 1],
  ]);
  expect(letters.find((l) => l.subscriptionId === 'hook-meta')!.error).toContain('链路本地或云元数据地址');
  expect(letters.find((l) => l.subscriptionId === 'hook-lo2')!.error).toContain('本机回环地址');
  expect(JSON.stringify(letters.map((l) => l.error))).not.toContain('pa55word');
  expect(receiver.received.length).toBe(before);
});
