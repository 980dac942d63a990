import './../review/jsdom-message-channel';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import { useState } from 'react';
import { type DraftIndicator, draftIndicatorOf } from './editor-state';
import { indicator } from './fill-fixture';
import { IndicatorTable } from './IndicatorTable';

// Ant Design in jsdom is slow on a busy machine (the whole editor re-renders per keystroke).
jest.setTimeout(180_000);

let latest: DraftIndicator[] = [];
function Harness({ initial }: { initial: DraftIndicator[] }) {
  const [rows, setRows] = useState(initial);
  latest = rows;
  return (
    <ConfigProvider button={{ autoInsertSpace: false }}>
      <IndicatorTable rows={rows} onChange={setRows} />
    </ConfigProvider>
  );
}

const names = () => latest.map((r) => r.name);

/** Opens an Ant Design Select by its accessible name and picks the option with that text. */
async function choose(label: string, option: string) {
  const select = screen.getByRole('combobox', { name: label });
  fireEvent.mouseDown(select);
  const item = await waitFor(() => {
    const found = document.querySelector(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`);
    if (!found) throw new Error(`no option ${option}`);
    return found;
  });
  fireEvent.click(item);
}

function visibleOptions(): string[] {
  return [...document.querySelectorAll('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')].map((o) => o.getAttribute('title') ?? '');
}

describe('indicator table', () => {
  it('添加指标 adds an empty row with its own id; 删除 removes exactly that row', () => {
    render(<Harness initial={[draftIndicatorOf(indicator('a')), draftIndicatorOf(indicator('b'))]} />);
    fireEvent.click(screen.getByRole('button', { name: '添加指标' }));
    expect(latest).toHaveLength(3);
    expect(latest[2]).toMatchObject({ level1: '', level2: '', name: '', periodTarget: '', annualTarget: '' });
    expect(latest[2]?.indicatorId).toMatch(/^[0-9a-f-]{36}$/);
    fireEvent.change(screen.getByRole('textbox', { name: '三级指标 3' }), { target: { value: '培训人次' } });
    expect(latest[2]?.name).toBe('培训人次');
    fireEvent.click(screen.getByRole('button', { name: '删除 1' }));
    expect(names()).toEqual(['指标b', '培训人次']);
  });

  it('上移 and 下移 reorder; the first row cannot move up, the last cannot move down', () => {
    render(<Harness initial={['a', 'b', 'c'].map((id) => draftIndicatorOf(indicator(id)))} />);
    expect(screen.getByRole('button', { name: '上移 1' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: '下移 3' }).hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: '下移 1' }));
    expect(names()).toEqual(['指标b', '指标a', '指标c']);
    fireEvent.click(screen.getByRole('button', { name: '上移 3' }));
    expect(names()).toEqual(['指标b', '指标c', '指标a']);
    expect(within(screen.getAllByRole('row')[1]!).getByRole('textbox', { name: '三级指标 1' })).toHaveProperty('value', '指标b');
  });

  it('二级指标 offers only the levels under the chosen 一级, and is reset when 一级 changes', async () => {
    render(<Harness initial={[draftIndicatorOf(indicator('a', { level1: '1-产出指标', level2: '12-质量指标' }))]} />);
    fireEvent.mouseDown(screen.getByRole('combobox', { name: '二级指标 1' }));
    await waitFor(() => expect(visibleOptions()).toEqual(['11-数量指标', '12-质量指标', '13-时效指标', '14-成本指标']));
    await choose('一级指标 1', '3-满意度指标');
    expect(latest[0]).toMatchObject({ level1: '3-满意度指标', level2: '' });
    await choose('二级指标 1', '31-服务对象满意度');
    expect(latest[0]).toMatchObject({ level1: '3-满意度指标', level2: '31-服务对象满意度' });
  });
});
