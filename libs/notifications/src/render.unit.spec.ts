import { resolveNotificationsConfig } from './config';
import { emailText, formatBeijingTime, renderContent, webhookPayload } from './render';
import { type SheetRef } from './types';

const sheet: SheetRef = { sheetId: 'sheet-p1-2025', projectName: '干部工作经费', fiscalYear: 2025, departmentId: 'D1', unitId: 'U1', unitName: '组织部机关' };
const level = { levelId: 'department', name: '部门审核', role: 'department_reviewer', departmentId: 'D1' } as const;

describe('content in Chinese', () => {
  it('says what happened to which sheet, with the reviewer’s reason', () => {
    const c = renderContent({ kind: 'revision_requested', sourceEventId: 'e1', sheet, reason: '缺少数量指标' });
    expect(c.title).toBe('绩效目标退回修改：干部工作经费');
    expect(c.body).toBe('组织部机关2025年度项目「干部工作经费」的绩效目标已被退回修改，请根据审核意见修改后重新提交。\n审核意见：缺少数量指标');
    expect(c.data).toMatchObject({ kind: 'revision_requested', sourceEventId: 'e1', sheet: { sheetId: 'sheet-p1-2025' }, reason: '缺少数量指标' });
  });

  it('renders every kind', () => {
    const base = { sourceEventId: 'e1', sheet };
    expect(renderContent({ ...base, kind: 'task_waiting', taskId: 't1', level, dueAt: '2025-03-01T09:00:00Z' }).body).toContain('等待部门审核。\n请于2025-03-01 17:00（北京时间）前完成审核。');
    expect(renderContent({ ...base, kind: 'final_decision', decision: 'approved', grade: '良' }).body).toBe('组织部机关2025年度项目「干部工作经费」的绩效目标已审核通过。\n评定等级：良');
    expect(renderContent({ ...base, kind: 'final_decision', decision: 'rejected' }).title).toBe('绩效目标未通过审核：干部工作经费');
    expect(renderContent({ ...base, kind: 'deadline_reminder', taskId: 't1', level, dueAt: '2025-03-01T09:00:00Z' }).body).toContain('将于2025-03-01 17:00（北京时间）到期');
    expect(renderContent({ ...base, kind: 'deadline_escalation', taskId: 't1', level, dueAt: '2025-03-01T09:00:00Z' }).title).toBe('审核已超期：干部工作经费');
  });

  it('renders a 催办 with the domain’s text and the reviewer’s note', () => {
    const text = '组织部催办：2025年度绩效目标表请于2025-03-13前报送，贵单位尚有2张未报送。';
    const c = renderContent({ kind: 'batch_reminder', sourceEventId: 'e1:U1', unit: { departmentId: 'D1', unitId: 'U1' }, fiscalYear: 2025, deadline: '2025-03-13', sheetIds: ['s-1', 's-2'], text, message: '请抓紧' });
    expect(c.title).toBe('催办：2025年度绩效目标表请于2025-03-13前报送');
    expect(c.body).toBe(`${text}\n催办说明：请抓紧`);
    expect(c.data).toMatchObject({ kind: 'batch_reminder', unit: { unitId: 'U1' }, sheetIds: ['s-1', 's-2'], deadline: '2025-03-13' });
  });

  it('formats times in Beijing time, across the date line', () => {
    expect(formatBeijingTime('2024-12-31T16:30:00Z')).toBe('2025-01-01 00:30（北京时间）');
    expect(formatBeijingTime('not a time')).toBe('not a time');
  });

  it('greets the addressee of an e-mail by name', () => {
    const c = renderContent({ kind: 'final_decision', sourceEventId: 'e1', sheet, decision: 'approved' });
    expect(emailText({ ...c, recipientName: '张三' })).toMatch(/^张三，您好：\n\n组织部机关/);
    expect(emailText(c)).toMatch(/^您好：/);
  });
});

describe('webhook payload', () => {
  it('carries the delivery id, kind, source event, times and content as JSON', () => {
    const content = renderContent({ kind: 'revision_requested', sourceEventId: 'e1', sheet });
    const payload = webhookPayload({
      id: 'ntf_1',
      kind: 'revision_requested',
      sourceEventId: 'e1',
      createdAt: new Date('2025-03-01T00:00:00Z'),
      sentAt: new Date('2025-03-01T00:00:01Z'),
      content,
    });
    expect(JSON.parse(JSON.stringify(payload))).toEqual({
      id: 'ntf_1',
      kind: 'revision_requested',
      sourceEventId: 'e1',
      createdAt: '2025-03-01T00:00:00.000Z',
      sentAt: '2025-03-01T00:00:01.000Z',
      title: content.title,
      body: content.body,
      data: content.data,
    });
  });
});

describe('config', () => {
  it('fills in defaults and keeps what is given', () => {
    const c = resolveNotificationsConfig({ schema: 'review', webhook: { attempts: 3 }, redis: { port: 6380 } });
    expect(c.webhook).toEqual({ attempts: 3, backoffMs: 5_000, timeoutMs: 10_000, concurrency: 5, allow: [], requireHttps: false });
    expect(c.redis.port).toBe(6380);
    expect(c.redis.host).toBe('127.0.0.1');
    expect(c.smtp.from).toContain('预算绩效管理系统');
  });

  it('refuses nonsense at start-up', () => {
    expect(() => resolveNotificationsConfig({ webhook: { attempts: 0 } })).toThrow('webhook.attempts');
    expect(() => resolveNotificationsConfig({ queuePrefix: 'a:b' })).toThrow('queuePrefix');
    expect(() => resolveNotificationsConfig({ reminderLeadMs: -1 })).toThrow('reminderLeadMs');
  });
});
