import { type BatchReminderSent } from '@budget/domain';
import { InMemoryRecipientDirectory, Notifier } from '@budget/notifications';
import type { Pool } from 'pg';
import { type Sql } from '../../infrastructure/database';
import { UnitNames } from '../../infrastructure/unit-names';
import { batchReminderSourceId, NotifyBatchReminderCommand, NotifyBatchReminderHandler } from './notify-batch-reminder.handler';

interface Row {
  readonly id: string;
  readonly source_event_id: string;
  readonly kind: string;
  readonly channel: string;
  readonly recipient: string;
  readonly content: { readonly title: string; readonly body: string };
}

/** The review database as the notifier and the unit names use it: notification_requests with its primary key, unit_names. */
function database() {
  const requests = new Map<string, Row>();
  const tx: Sql = {
    query: (sql: string, params: unknown[] = []) => {
      if (sql.includes('FROM unit_names')) return Promise.resolve({ rows: (params[0] === 'unit-a' ? [{ name: '组织部机关' }] : []) as never[] });
      if (sql.includes('INSERT INTO "review".notification_requests')) {
        const fresh = (JSON.parse(params[0] as string) as Row[]).filter((r) => !requests.has(r.id));
        for (const r of fresh) requests.set(r.id, r);
        return Promise.resolve({ rows: fresh.map((r) => ({ id: r.id })) as never[] });
      }
      throw new Error(`unexpected statement ${sql}`);
    },
  };
  return { tx, requests };
}

const directory = new InMemoryRecipientDirectory({
  users: [
    { userId: 'clerk-a', role: 'unit_clerk', departmentId: 'dept-1', unitId: 'unit-a' },
    { userId: 'clerk-b', role: 'unit_clerk', departmentId: 'dept-1', unitId: 'unit-b' },
    { userId: 'clerk-c', role: 'unit_clerk', departmentId: 'dept-1', unitId: 'unit-c' },
    { userId: 'head-a', role: 'unit_head', departmentId: 'dept-1', unitId: 'unit-a' },
  ],
});

const sent: BatchReminderSent['data'] = {
  batchId: 'batch-1',
  departmentId: 'dept-1',
  fiscalYear: 2026,
  deadline: '2026-03-13',
  message: '请抓紧',
  units: [
    { unitId: 'unit-a', sheetIds: ['s-1', 's-3'], text: '组织部催办：2026年度绩效目标表请于2026-03-13前报送，贵单位尚有2张未报送。' },
    { unitId: 'unit-b', sheetIds: ['s-2'], text: '组织部催办：2026年度绩效目标表请于2026-03-13前报送，贵单位尚有1张未报送。' },
  ],
  by: 'dept-reviewer-1',
  at: '2026-03-02T02:00:00.000Z',
};

describe('notify-batch-reminder', () => {
  it('given BatchReminderSent for two units, then each unit’s clerks get one 催办 with its text, and the message seen twice adds nothing', async () => {
    const { tx, requests } = database();
    const handler = new NotifyBatchReminderHandler(new Notifier({} as Pool, directory, { schema: 'review', reminderLeadMs: 0 }), new UnitNames(tx));
    expect(await handler.execute(new NotifyBatchReminderCommand('evt-1', sent, tx))).toBe(2);
    const rows = [...requests.values()];
    expect(rows.map((r) => `${r.kind}:${r.channel}:${r.recipient}:${r.source_event_id}`).sort()).toEqual([
      `batch_reminder:inbox:clerk-a:${batchReminderSourceId('evt-1', 'unit-a')}`,
      `batch_reminder:inbox:clerk-b:${batchReminderSourceId('evt-1', 'unit-b')}`,
    ]);
    expect(rows.find((r) => r.recipient === 'clerk-a')?.content).toMatchObject({
      title: '催办：2026年度绩效目标表请于2026-03-13前报送',
      body: '组织部催办：2026年度绩效目标表请于2026-03-13前报送，贵单位尚有2张未报送。\n催办说明：请抓紧',
      data: { unit: { unitId: 'unit-a', unitName: '组织部机关' }, sheetIds: ['s-1', 's-3'] },
    });
    expect(await handler.execute(new NotifyBatchReminderCommand('evt-1', sent, tx))).toBe(0);
    expect(requests.size).toBe(2);
  });
});
