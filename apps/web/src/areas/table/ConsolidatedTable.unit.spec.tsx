import { render, screen, within } from '@testing-library/react';
import { ConsolidatedTable } from './ConsolidatedTable';
import { SAMPLE } from './table-fixture';

describe('ConsolidatedTable', () => {
  it('writes 合计 first with the grand total, then each unit in bold followed by its projects', () => {
    const { container } = render(<ConsolidatedTable table={SAMPLE} />);
    expect(screen.getByTestId('grand-total').textContent).toBe('307.20');
    const rows = [...container.querySelectorAll('tbody tr[data-kind]')];
    expect(rows.map((r) => r.getAttribute('data-kind'))).toEqual(['total', 'unit', 'project', 'project', 'unit', 'project']);
    const unitRow = rows[1]!;
    expect(within(unitRow as HTMLElement).getByText('组织部').tagName).toBe('STRONG');
    expect(within(rows[2] as HTMLElement).getByText('关爱党员专项经费').tagName).not.toBe('STRONG');
  });

  it('leaves zero amounts blank and keeps two decimals', () => {
    const { container } = render(<ConsolidatedTable table={SAMPLE} />);
    const last = [...container.querySelectorAll('tbody tr[data-kind="project"]')].pop()!;
    const cells = [...last.querySelectorAll('td')].map((td) => td.textContent);
    // name, 总计, 财政拨款, 财政专户拨款, 其他资金, ...
    expect(cells.slice(0, 5)).toEqual(['电教中心业务工作经费', '5.00', '', '', '5.00']);
  });

  it('writes indicators as the published table does', () => {
    render(<ConsolidatedTable table={SAMPLE} />);
    expect(screen.getAllByText('1、1-产出指标；11-数量指标；帮扶对象；实施周期指标值：≥100人；年度指标值：≥100人。')).toHaveLength(3);
    expect(screen.getAllByRole('columnheader').map((h) => h.textContent)).toEqual(
      expect.arrayContaining(['项目名称（资金使用单位）', '总计', '财政拨款', '财政专户拨款', '其他资金', '绩效目标', '绩效指标']),
    );
  });
});
