import { render, screen } from '@testing-library/react';
import { DiffView } from './DiffView';
import { fieldLabel } from './field-label';
import type { TableDiffView } from './table-api';

const side = (globalPosition: string, recordedAt: string) => ({ departmentName: '组织部', fiscalYear: 2024, asOf: { globalPosition, recordedAt } });
const base: TableDiffView = {
  generation: 1,
  fiscalYear: 2024,
  departmentId: 'd1',
  identical: false,
  keyedBy: 'id',
  from: side('16', '2026-12-03T08:24:24.215Z'),
  to: side('171', '2026-12-03T08:24:29.349Z'),
  table: [],
  grandTotal: [{ field: 'total', before: '252.20', after: '302.20' }],
  unitsAdded: [],
  unitsRemoved: [],
  unitsChanged: [],
  projectsAdded: [{ key: 's1', sheetId: 's1', unit: '组织部', name: 'ZXRCBT', total: '50.00', totalFen: 500_000 }],
  projectsRemoved: [{ key: 's9', sheetId: 's9', unit: '组织部', name: '旧项目', total: '8.00', totalFen: 80_000 }],
  projectsChanged: [{ key: 's2', sheetId: 's2', unit: '组织部', name: '干部工作经费', changes: [{ field: 'indicators[1].annualTarget', before: '90%', after: '95%' }] }],
};

describe('DiffView', () => {
  it('lists projects added and removed and fields changed old → new, highlighted', () => {
    const { container } = render(<DiffView diff={base} />);
    expect(screen.getByText('2026-12-03 16:24:24 → 2026-12-03 16:24:29')).toBeTruthy();
    expect(screen.getByText('ZXRCBT')).toBeTruthy();
    expect(screen.getByText('旧项目')).toBeTruthy();
    expect(screen.getByText('第2个指标 · 年度指标值')).toBeTruthy();
    // the old value struck through, the new one inserted
    expect(screen.getByText('90%').tagName).toBe('DEL');
    expect(screen.getByText('95%').tagName).toBe('INS');
    expect(screen.getByText('252.20').tagName).toBe('DEL');
    expect(screen.getByText('302.20').tagName).toBe('INS');
    // an added project has no old value, a removed one no new value
    expect(screen.getByText('50.00').tagName).toBe('INS');
    expect(screen.getByText('8.00').tagName).toBe('DEL');
    expect(container.textContent).toContain('新增 1');
    expect(container.textContent).toContain('删除 1');
    expect(container.textContent).toContain('变更 2');
  });

  it('says so when the two moments show the same table', () => {
    render(<DiffView diff={{ ...base, identical: true, grandTotal: [], projectsAdded: [], projectsRemoved: [], projectsChanged: [] }} />);
    expect(screen.getByText('两个时间点的汇总表完全相同')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('names field paths in words', () => {
    expect(fieldLabel('funding.fiscalAppropriation')).toBe('财政拨款');
    expect(fieldLabel('indicators[4]')).toBe('第5个指标');
    expect(fieldLabel('review.status')).toBe('审核状态');
    expect(fieldLabel('findings[S05@indicators].acknowledgedBy')).toBe('审核发现 S05（绩效指标） · 已确认预警');
  });
});
