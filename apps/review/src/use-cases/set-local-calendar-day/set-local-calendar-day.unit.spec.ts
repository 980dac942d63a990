import { localCalendarStreamId, upcastLocalCalendarEvent } from '@budget/domain';
import { InMemoryEventStore } from '@budget/event-store/testing';
import { RegionCalendar } from '../../deadlines/region-calendar';
import { LocalCalendarRepository } from '../../infrastructure/review.repository';
import { ctx, f } from '../../testing/review-scenario';
import { ClearLocalCalendarDayCommand, ClearLocalCalendarDayHandler } from '../clear-local-calendar-day/clear-local-calendar-day.handler';
import { ReadLocalCalendarHandler, ReadLocalCalendarQuery } from '../read-local-calendar/read-local-calendar.handler';
import { SetLocalCalendarDayCommand, SetLocalCalendarDayHandler } from './set-local-calendar-day.handler';

const STREAM = localCalendarStreamId('liwan');

function given() {
  const store = new InMemoryEventStore();
  const repository = new LocalCalendarRepository(store);
  const region = new RegionCalendar(repository, { regionId: 'liwan' });
  return {
    store,
    set: (actor = f.admin, date = '2025-10-09', kind: 'day_off' | 'working_day' = 'day_off', reason = '区庆放假') =>
      new SetLocalCalendarDayHandler(repository, region).execute(new SetLocalCalendarDayCommand(ctx(actor), date, kind, reason)),
    clear: (actor = f.admin, date = '2025-10-09', reason = '区庆取消') => new ClearLocalCalendarDayHandler(repository, region).execute(new ClearLocalCalendarDayCommand(ctx(actor), date, reason)),
    read: (actor = f.admin, year?: number) => new ReadLocalCalendarHandler(region).execute(new ReadLocalCalendarQuery(actor, year)),
    events: async () => (await store.readStream(STREAM)).map(upcastLocalCalendarEvent),
  };
}

describe('local calendar (admin)', () => {
  it('sets a local day off: an event on the region’s stream, and the year shows the day with its reason', async () => {
    const g = given();
    const view = await g.set();
    expect((await g.events()).map((e) => e.type)).toEqual(['LocalCalendarDaySet']);
    expect((await g.events())[0]!.data).toMatchObject({ regionId: 'liwan', date: '2025-10-09', kind: 'day_off', reason: '区庆放假', previous: null, by: f.admin.id });
    expect(view).toMatchObject({ regionId: 'liwan', year: 2025, known: true, version: 1, overrides: [{ date: '2025-10-09', kind: 'day_off', reason: '区庆放假' }] });
    expect(view.days).toHaveLength(365);
    expect(view.days.find((d) => d.date === '2025-10-09')).toEqual({ date: '2025-10-09', working: false, kind: 'local_day_off', kindName: '本地放假', name: '区庆放假' });
  });

  it('reads a year: statutory holidays and make-up days with their names, the published years, the overrides', async () => {
    const g = given();
    await g.set(f.admin, '2025-09-28', 'day_off', '台风停工');
    const view = await g.read(f.admin, 2025);
    expect(view.days.find((d) => d.date === '2025-10-01')).toMatchObject({ working: false, kind: 'holiday', kindName: '法定节假日', name: '国庆节' });
    // 2025-10-11 is a Saturday worked for the National Day week (调休).
    expect(view.days.find((d) => d.date === '2025-10-11')).toMatchObject({ working: true, kind: 'make_up_working_day', kindName: '调休上班' });
    // The local day off wins over the statutory make-up working day.
    expect(view.days.find((d) => d.date === '2025-09-28')).toMatchObject({ working: false, kind: 'local_day_off', name: '台风停工' });
    expect(view.knownYears).toEqual(expect.arrayContaining([2024, 2025, 2026]));
    expect(view.overrides).toEqual([{ date: '2025-09-28', kind: 'day_off', reason: '台风停工' }]);
  });

  it('flags a year the statutory calendar has not published instead of guessing it', async () => {
    const view = await given().read(f.admin, 2031);
    expect(view).toMatchObject({ year: 2031, known: false, days: [], message: '2031年的法定节假日安排尚未收录，无法按工作日计算期限，请管理员更新节假日数据' });
  });

  it('clears a day with a reason: the statutory arrangement holds again', async () => {
    const g = given();
    await g.set();
    const view = await g.clear();
    expect((await g.events()).map((e) => e.type)).toEqual(['LocalCalendarDaySet', 'LocalCalendarDayCleared']);
    expect(view.overrides).toEqual([]);
    expect(view.days.find((d) => d.date === '2025-10-09')).toMatchObject({ working: true, kind: 'weekday' });
  });

  it('records nothing when the same day is set again the same way', async () => {
    const g = given();
    await g.set();
    await g.set();
    expect(await g.events()).toHaveLength(1);
  });

  it('refuses anyone but an admin to read, set or clear, in Chinese, recording nothing', async () => {
    const g = given();
    const message = '只有系统管理员可以维护本地工作日安排';
    await expect(g.set(f.deptReviewer)).rejects.toMatchObject({ code: 'FORBIDDEN', message });
    await expect(g.read(f.financeReviewer)).rejects.toMatchObject({ code: 'FORBIDDEN', message });
    await g.set();
    await expect(g.clear(f.auditor)).rejects.toMatchObject({ code: 'FORBIDDEN', message });
    expect(await g.events()).toHaveLength(1);
  });

  it('refuses a malformed date, an empty reason, and clearing a day that has no local arrangement', async () => {
    const g = given();
    await expect(g.set(f.admin, '2025-02-30')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fieldErrors: [{ field: 'date', message: '日期格式应为“YYYY-MM-DD”' }] } });
    await expect(g.set(f.admin, '2025-10-09', 'day_off', '  ')).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fieldErrors: [{ field: 'reason', message: '请说明理由' }] } });
    await expect(g.clear()).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fieldErrors: [{ field: 'date', message: '该日期没有本地工作日安排' }] } });
    expect(await g.events()).toEqual([]);
  });
});
