import './../review/jsdom-message-channel';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { type ApiCall, fakeApi, refusal } from '../../api/testing/fake-api';
import { indicator, renderWithClient, sheetView } from './fill-fixture';
import type { SheetView } from './fill-api';
import { SheetEditor } from './SheetEditor';

// Ant Design in jsdom is slow on a busy machine (the whole editor re-renders per keystroke).
jest.setTimeout(180_000);

const versionOf = (call: ApiCall) => (call.body as { expectedVersion?: number } | undefined)?.expectedVersion ?? 0;

const opened = sheetView({ version: 3, indicators: [indicator('a'), indicator('b')] });
/** Someone else, in another tab: renamed the project and changed indicator b's annual target. */
const theirs: SheetView = sheetView({
  version: 5,
  projectName: '专项人才补贴',
  indicators: [indicator('a'), indicator('b', { annualTarget: '≥200人' })],
  funding: { fiscalAppropriation: '60.00', specialAccountAppropriation: '0.00', otherFunds: '0.00', total: '60.00' },
});

describe('保存 sends only what changed, with the version the editor was opened at, chained', () => {
  it('goal, then a new indicator, each with the version the previous call returned', async () => {
    // The service answers each write with the sheet at the next version.
    const { writes } = fakeApi((call) => sheetView({ ...opened, version: versionOf(call) + 1, goal: '目标' }));
    renderWithClient(<SheetEditor initial={opened} />);
    fireEvent.change(screen.getByLabelText('绩效目标'), { target: { value: '目标' } });
    fireEvent.click(screen.getByRole('button', { name: '添加指标' }));
    fireEvent.change(screen.getByRole('textbox', { name: '三级指标 3' }), { target: { value: '培训人次' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(writes()).toHaveLength(2), { timeout: 20_000 });
    const [patch, add] = writes();
    expect(patch).toMatchObject({ service: 'intake', method: 'PATCH', path: '/sheets/s1', body: { expectedVersion: 3, goal: '目标' } });
    expect(Object.keys(patch?.body ?? {}).sort()).toEqual(['expectedVersion', 'goal']);
    // through the web server, to intake
    expect(patch?.url).toBe('/api/intake/sheets/s1');
    expect(add).toMatchObject({ method: 'POST', path: '/sheets/s1/indicators', body: { expectedVersion: 4, name: '培训人次', level1: '', annualTarget: '' } });
  });
});

describe('a 409 on 保存', () => {
  it('shows what changed meanwhile, field by field; 重新载入 keeps the clerk’s typing on top of the server’s state', async () => {
    const api = fakeApi((call) => {
      if (call.method === 'GET') return theirs;
      if (versionOf(call) === 3) throw refusal(409, 'VERSION_CONFLICT', '该记录已被他人修改，请刷新后重试');
      return { ...theirs, version: 6, goal: '我的目标' };
    });
    renderWithClient(<SheetEditor initial={opened} />);
    fireEvent.change(screen.getByLabelText('绩效目标'), { target: { value: '我的目标' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    const panel = await screen.findByTestId('conflict', {}, { timeout: 20_000 });
    expect(within(panel).getByText(/版本 3 → 5/)).toBeTruthy();
    const rows = within(panel).getAllByRole('row').slice(1).map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([
      ['项目名称', 'ZXRCBT', '专项人才补贴'],
      ['财政拨款', '50.00', '60.00'],
      ['第2个指标 · 年度指标值', '≥100人', '≥200人'],
    ]);
    // nothing typed is lost yet
    expect(screen.getByLabelText<HTMLTextAreaElement>('绩效目标').value).toBe('我的目标');

    fireEvent.click(within(panel).getByRole('button', { name: '重新载入' }));
    await waitFor(() => expect(screen.queryByTestId('conflict')).toBeNull(), { timeout: 20_000 });
    expect(screen.getByLabelText<HTMLTextAreaElement>('绩效目标').value).toBe('我的目标');
    expect(screen.getByLabelText<HTMLInputElement>('项目名称').value).toBe('专项人才补贴');
    expect(screen.getByLabelText<HTMLInputElement>('财政拨款').value).toBe('60.00');
    expect(screen.getByRole<HTMLInputElement>('textbox', { name: '年度指标值 2' }).value).toBe('≥200人');
    expect(screen.getByText(/已重新载入最新内容/)).toBeTruthy();

    // saving again names the server's version and sends only the clerk's change
    api.calls.length = 0;
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await waitFor(() => expect(api.writes()).toHaveLength(1), { timeout: 20_000 });
    expect(api.writes()[0]).toMatchObject({ method: 'PATCH', path: '/sheets/s1', body: { expectedVersion: 5, goal: '我的目标' } });
    expect(Object.keys(api.writes()[0]?.body ?? {}).sort()).toEqual(['expectedVersion', 'goal']);
    await screen.findByText('已保存', {}, { timeout: 20_000 });
  });
});
