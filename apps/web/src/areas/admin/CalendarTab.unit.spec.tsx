import '../review/jsdom-message-channel';
import type { Actor } from '@budget/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeApi, refusal } from '../../api/testing/fake-api';
import { renderApp } from '../../api/testing/render';
import type { LocalCalendarYear } from './admin-api';
import { CalendarTab } from './CalendarTab';

const admin: Actor = { id: 'admin-1', role: 'admin', name: '管理员' };

function year2026(over: Partial<LocalCalendarYear> = {}): LocalCalendarYear {
  return {
    regionId: 'default',
    year: 2026,
    known: true,
    message: null,
    knownYears: [2025, 2026],
    days: [
      { date: '2026-10-01', working: false, kind: 'holiday', kindName: '法定节假日', name: '国庆节' },
      { date: '2026-10-09', working: true, kind: 'weekday', kindName: '工作日', name: null },
      { date: '2026-10-10', working: true, kind: 'make_up_working_day', kindName: '调休上班', name: '国庆节' },
      { date: '2026-11-10', working: false, kind: 'local_day_off', kindName: '本地放假', name: '台风停工' },
    ],
    overrides: [{ date: '2026-11-10', kind: 'day_off', reason: '台风停工' }],
    version: 1,
    ...over,
  };
}

jest.setTimeout(60_000);

describe('管理 · 工作日历', () => {
  it('lists the year’s holidays, 调休 and local days (not the plain weekdays), and clears a local day with a reason', async () => {
    const api = fakeApi((call) => (call.method === 'GET' ? year2026() : year2026({ days: year2026().days.slice(0, 3), overrides: [], version: 2 })));
    renderApp(<CalendarTab initialYear={2026} />, { actor: admin });
    const table = await screen.findByRole('table', { name: '节假日、调休和本地安排' }, { timeout: 10_000 });
    expect(api.calls[0]).toMatchObject({ method: 'GET', path: '/calendar', query: { year: '2026' } });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringContaining('2026-10-01法定节假日国庆节'),
      expect.stringContaining('2026-10-10调休上班国庆节'),
      expect.stringContaining('2026-11-10本地放假台风停工'),
    ]);
    expect(within(rows[0]!).queryByRole('button')).toBeNull();
    fireEvent.click(within(rows[2]!).getByRole('button', { name: '取消本地安排' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('取消 2026-11-10 的本地安排')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText('理由'), { target: { value: '停工取消' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(api.writes()).toHaveLength(1));
    expect(api.writes()[0]).toMatchObject({ method: 'POST', path: '/calendar/days/2026-11-10/clear', body: { reason: '停工取消' } });
  });

  it('sets a local day off with its reason, and shows the service’s refusal in Chinese', async () => {
    let refuse = true;
    const api = fakeApi((call) => {
      if (call.method === 'GET') return year2026();
      if (refuse) throw refusal(403, 'FORBIDDEN', '只有系统管理员可以维护本地工作日安排');
      return year2026();
    });
    renderApp(<CalendarTab initialYear={2026} />, { actor: admin });
    await screen.findByRole('table', { name: '节假日、调休和本地安排' }, { timeout: 10_000 });
    fireEvent.change(screen.getByLabelText('日期'), { target: { value: '2026-12-24' } });
    fireEvent.change(screen.getAllByLabelText('理由')[0]!, { target: { value: '本地活动' } });
    fireEvent.click(screen.getByRole('button', { name: '保存本地安排' }));
    expect(await screen.findByText('只有系统管理员可以维护本地工作日安排')).toBeTruthy();
    refuse = false;
    fireEvent.click(screen.getByRole('button', { name: '保存本地安排' }));
    await waitFor(() => expect(api.writes()).toHaveLength(2));
    expect(api.writes()[1]).toMatchObject({ method: 'PUT', path: '/calendar/days/2026-12-24', body: { kind: 'day_off', reason: '本地活动' } });
  });

  it('says when the year’s statutory arrangement is not published, instead of guessing', async () => {
    fakeApi(() => year2026({ year: 2031, known: false, message: '2031年的法定节假日安排尚未收录', days: [], overrides: [] }));
    renderApp(<CalendarTab initialYear={2031} />, { actor: admin });
    expect(await screen.findByText(/该年的法定节假日安排尚未收录/, undefined, { timeout: 10_000 })).toBeTruthy();
    expect(screen.getByText('已收录法定安排的年份：2025、2026')).toBeTruthy();
  });
});
