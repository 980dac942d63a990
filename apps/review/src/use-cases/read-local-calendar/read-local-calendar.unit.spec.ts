import { chinaDateOf } from '@budget/domain';
import { InMemoryEventStore } from '@budget/event-store/testing';
import { RegionCalendar } from '../../deadlines/region-calendar';
import { LocalCalendarRepository } from '../../infrastructure/review.repository';
import { ctx, f } from '../../testing/review-scenario';
import { SetLocalCalendarDayCommand, SetLocalCalendarDayHandler } from '../set-local-calendar-day/set-local-calendar-day.handler';
import { ReadLocalCalendarHandler, ReadLocalCalendarQuery } from './read-local-calendar.handler';

/** Given: the region liwan's calendar, with a local day off on 2025-10-09 when `withDayOff`. */
async function given(withDayOff = false) {
  const store = new InMemoryEventStore();
  const repository = new LocalCalendarRepository(store);
  const region = new RegionCalendar(repository, { regionId: 'liwan' });
  if (withDayOff) await new SetLocalCalendarDayHandler(repository, region).execute(new SetLocalCalendarDayCommand(ctx(f.admin), '2025-10-09', 'day_off', '区庆放假'));
  return {
    store,
    read: (year?: number, actor = f.admin) => new ReadLocalCalendarHandler(region).execute(new ReadLocalCalendarQuery(actor, year)),
  };
}

describe('read-local-calendar (工作日历)', () => {
  it('given a local day off, when the admin reads its year, then every day of the year comes with the statutory days and the local one, and the stream’s version', async () => {
    const view = await (await given(true)).read(2025);
    expect(view).toMatchObject({ regionId: 'liwan', year: 2025, known: true, version: 1, overrides: [{ date: '2025-10-09', kind: 'day_off', reason: '区庆放假' }] });
    expect(view.days).toHaveLength(365);
    expect(view.days.find((d) => d.date === '2025-10-09')).toEqual({ date: '2025-10-09', working: false, kind: 'local_day_off', kindName: '本地放假', name: '区庆放假' });
    expect(view.days.find((d) => d.date === '2025-10-01')).toMatchObject({ working: false, kind: 'holiday', kindName: '法定节假日', name: '国庆节' });
  });

  it('reads this year (in Beijing) when no year is given, on an empty calendar at version 0', async () => {
    const view = await (await given()).read();
    expect(view).toMatchObject({ year: Number(chinaDateOf(new Date().toISOString()).slice(0, 4)), version: 0, overrides: [] });
  });

  it('flags a year the statutory calendar has not published instead of guessing it', async () => {
    await expect((await given()).read(2031)).resolves.toMatchObject({ year: 2031, known: false, days: [] });
  });

  it('refuses anyone but an admin, in Chinese', async () => {
    const g = await given();
    for (const actor of [f.auditor, f.financeReviewer, f.deptReviewer]) {
      await expect(g.read(2025, actor)).rejects.toMatchObject({ code: 'FORBIDDEN', message: '只有系统管理员可以维护本地工作日安排' });
    }
  });
});
