import { render, screen, within } from '@testing-library/react';
import { HistoryTimeline } from './HistoryTimeline';
import type { HistoryEntry } from './audit-api';

const entry = (over: Partial<HistoryEntry>): HistoryEntry => ({
  position: '5',
  eventId: 'e1',
  streamId: 'sheet-1',
  streamVersion: 1,
  type: 'SheetEdited',
  label: '修改内容',
  occurredAt: '2026-12-03T08:24:23.904Z',
  recordedAt: '2026-12-03T08:24:23.912Z',
  actor: { id: 'demo-clerk', role: 'unit_clerk', roleLabel: 'x', name: '演示经办人', unitId: 'u1', departmentId: 'd1' },
  source: 'sheet',
  actingFor: null,
  reviewId: null,
  changes: [],
  details: {},
  unreadable: null,
  ...over,
});

describe('HistoryTimeline', () => {
  it('shows who, role, when (Beijing time) and each field old → new', () => {
    render(
      <HistoryTimeline
        entries={[
          entry({
            changes: [
              { field: 'funding.fiscalAppropriation', before: '30.00', after: '35.00' },
              { field: 'indicators[0].annualTarget', before: '≥100人', after: '≥120人' },
              { field: 'goal', before: null, after: '新的目标' },
            ],
          }),
          entry({ position: '46', eventId: 'e2', label: '审核通过（批复）', actor: { id: 'f', role: 'finance_reviewer', roleLabel: 'x', name: '演示财政审核人', unitId: null, departmentId: null }, details: { grade: '良' } }),
        ]}
      />,
    );
    const first = screen.getByTestId('history-5');
    expect(within(first).getByText('演示经办人')).toBeTruthy();
    expect(within(first).getByText('单位经办人')).toBeTruthy();
    expect(within(first).getByText('2026-12-03 16:24:23')).toBeTruthy();
    expect(within(first).getByText('财政拨款：')).toBeTruthy();
    expect(within(first).getByText('30.00').tagName).toBe('DEL');
    expect(within(first).getByText('35.00').tagName).toBe('INS');
    expect(within(first).getByText('第1个指标 · 年度指标值：')).toBeTruthy();
    expect(within(first).getByText('新的目标').tagName).toBe('INS');
    expect(within(first).getByText('（无）')).toBeTruthy();

    const second = screen.getByTestId('history-46');
    expect(within(second).getByText('财政审核人')).toBeTruthy();
    expect(within(second).getByText('无字段变更')).toBeTruthy();
    expect(within(second).getByText('等级：良')).toBeTruthy();
  });
});
