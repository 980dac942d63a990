import '../review/jsdom-message-channel';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import { useState } from 'react';
import { type DraftIndicator, draftOf } from './editor-model';
import { IndicatorTable, level2Options, withLevel1 } from './IndicatorTable';
import { TRAINING } from './sheets-fixture';

jest.setTimeout(30_000);

let latest: DraftIndicator[] = [];
function Table({ initial }: { initial: readonly DraftIndicator[] }) {
  const [rows, setRows] = useState<DraftIndicator[]>([...initial]);
  latest = rows;
  return (
    <ConfigProvider button={{ autoInsertSpace: false }}>
      <IndicatorTable indicators={rows} findings={[]} onChange={setRows} />
    </ConfigProvider>
  );
}

const names = () => latest.map((r) => r.name);

/** Opens an Ant Design Select by its accessible name and picks an option by its text. */
async function choose(label: string, option: string) {
  const box = screen.getByRole('combobox', { name: label });
  fireEvent.mouseDown(box);
  const item = await waitFor(() => {
    const found = document.querySelector<HTMLElement>(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${option}"]`);
    if (!found) throw new Error(`option ${option} not shown`);
    return found;
  });
  fireEvent.click(item);
  await act(() => new Promise((r) => setTimeout(r, 0)));
}

describe('the indicator table', () => {
  it('adds an empty row whose 二级指标 waits for the 一级指标', () => {
    render(<Table initial={[]} />);
    expect(screen.getByText('尚未添加绩效指标')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '添加指标' }));
    expect(latest).toHaveLength(1);
    expect(latest[0]).toMatchObject({ level1: '', level2: '', name: '', periodTarget: '', annualTarget: '' });
    expect(screen.getByRole('combobox', { name: '二级指标 1' }).hasAttribute('disabled')).toBe(true);
    fireEvent.change(screen.getByLabelText('三级指标 1'), { target: { value: '培训人次' } });
    fireEvent.change(screen.getByLabelText('年度指标值 1'), { target: { value: '≥100人次' } });
    expect(latest[0]).toMatchObject({ name: '培训人次', annualTarget: '≥100人次' });
  });

  it('cascades: the 二级 options follow the 一级, and choosing another 一级 clears a 二级 that no longer belongs', async () => {
    render(<Table initial={[]} />);
    fireEvent.click(screen.getByRole('button', { name: '添加指标' }));
    await choose('一级指标 1', '1-产出指标');
    expect(latest[0]?.level1).toBe('1-产出指标');
    await choose('二级指标 1', '11-数量指标');
    expect(latest[0]?.level2).toBe('11-数量指标');
    await choose('一级指标 1', '2-效益指标');
    expect(latest[0]).toMatchObject({ level1: '2-效益指标', level2: '' });
  });

  it('offers exactly the framework’s 二级 under each 一级', () => {
    expect(level2Options('1-产出指标').map((o) => o.value)).toEqual(['11-数量指标', '12-质量指标', '13-时效指标', '14-成本指标']);
    expect(level2Options('3-满意度指标').map((o) => o.value)).toEqual(['31-服务对象满意度']);
    expect(level2Options('')).toEqual([]);
    const row = draftOf(TRAINING).indicators[0]!;
    expect(withLevel1(row, '1-产出指标').level2).toBe('11-数量指标');
    expect(withLevel1(row, '4-成本指标').level2).toBe('');
  });

  it('moves rows up and down (the first cannot go up, the last cannot go down) and deletes one', () => {
    render(<Table initial={draftOf(TRAINING).indicators} />);
    expect(names()).toEqual(['培训人次', '干部履职能力']);
    expect(screen.getByRole('button', { name: '上移 1' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: '下移 2' }).hasAttribute('disabled')).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: '下移 1' }));
    expect(names()).toEqual(['干部履职能力', '培训人次']);
    fireEvent.click(screen.getByRole('button', { name: '上移 2' }));
    expect(names()).toEqual(['培训人次', '干部履职能力']);
    const rows = screen.getAllByRole('row').slice(1);
    expect(within(rows[0]!).getByLabelText('三级指标 1')).toHaveProperty('value', '培训人次');
    fireEvent.click(screen.getByRole('button', { name: '删除 1' }));
    expect(names()).toEqual(['干部履职能力']);
    expect(latest[0]?.indicatorId).toBe('i2');
  });
});
