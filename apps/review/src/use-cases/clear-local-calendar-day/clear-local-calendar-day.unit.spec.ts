import { localCalendarStreamId, upcastLocalCalendarEvent } from '@budget/domain';
import { InMemoryEventStore } from '@budget/event-store/testing';
import { RegionCalendar } from '../../deadlines/region-calendar';
import { LocalCalendarRepository } from '../../infrastructure/review.repository';
import { ctx, f } from '../../testing/review-scenario';
import { SetLocalCalendarDayCommand, SetLocalCalendarDayHandler } from '../set-local-calendar-day/set-local-calendar-day.handler';
import { ClearLocalCalendarDayCommand, ClearLocalCalendarDayHandler } from './clear-local-calendar-day.handler';

const STREAM = localCalendarStreamId('liwan');

/** Given: the region liwan's calendar with these local days (date, kind, reason) set by the admin. */
async function given(...days: readonly [string, 'day_off' | 'working_day', string][]) {
  const store = new InMemoryEventStore();
  const repository = new LocalCalendarRepository(store);
  const region = new RegionCalendar(repository, { regionId: 'liwan' });
  for (const [date, kind, reason] of days) await new SetLocalCalendarDayHandler(repository, region).execute(new SetLocalCalendarDayCommand(ctx(f.admin), date, kind, reason));
  const history = days.length;
  return {
    clear: (date: string, reason = '安排取消', actor = f.admin) => new ClearLocalCalendarDayHandler(repository, region).execute(new ClearLocalCalendarDayCommand(ctx(actor), date, reason)),
    newEvents: async () => (await store.readStream(STREAM, history + 1)).map(upcastLocalCalendarEvent),
  };
}

describe('clear-local-calendar-day (取消本地工作日安排)', () => {
  it('given a local day off, when the admin clears it with a reason, then LocalCalendarDayCleared, and the year shows the weekday again', async () => {
    const g = await given(['2025-10-09', 'day_off', '区庆放假'], ['2025-10-10', 'day_off', '区庆放假']);
    const view = await g.clear('2025-10-09', '区庆取消');

    const events = await g.newEvents();
    expect(events.map((e) => e.type)).toEqual(['LocalCalendarDayCleared']);
    expect(events[0]!.data).toMatchObject({ regionId: 'liwan', date: '2025-10-09', reason: '区庆取消', by: f.admin.id });
    expect(view).toMatchObject({ regionId: 'liwan', year: 2025, version: 3, overrides: [{ date: '2025-10-10', kind: 'day_off', reason: '区庆放假' }] });
    expect(view.days.find((d) => d.date === '2025-10-09')).toMatchObject({ working: true, kind: 'weekday' });
  });

  it('given a local working day on a Saturday, when cleared, then the Saturday is a weekend day off again', async () => {
    const g = await given(['2025-10-18', 'working_day', '集中办公']);
    const view = await g.clear('2025-10-18');
    expect(view.overrides).toEqual([]);
    expect(view.days.find((d) => d.date === '2025-10-18')).toMatchObject({ working: false, kind: 'weekend' });
  });

  describe('refusals, in Chinese, with nothing recorded', () => {
    it('refuses anyone but an admin', async () => {
      const g = await given(['2025-10-09', 'day_off', '区庆放假']);
      await expect(g.clear('2025-10-09', '区庆取消', f.deptReviewer)).rejects.toMatchObject({ code: 'FORBIDDEN', message: '只有系统管理员可以维护本地工作日安排' });
      expect(await g.newEvents()).toEqual([]);
    });

    it('refuses a day that has no local arrangement, a malformed date and an empty reason', async () => {
      const g = await given(['2025-10-09', 'day_off', '区庆放假']);
      await expect(g.clear('2025-10-08')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fieldErrors: [{ field: 'date', message: '该日期没有本地工作日安排' }] } });
      await expect(g.clear('2025-13-01')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fieldErrors: [{ field: 'date' }] } });
      await expect(g.clear('2025-10-09', ' ')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fieldErrors: [{ field: 'reason', message: '请说明理由' }] } });
      expect(await g.newEvents()).toEqual([]);
    });
  });
});
