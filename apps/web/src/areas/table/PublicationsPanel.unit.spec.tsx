import { screen } from '@testing-library/react';
import { fakeApi } from '../../api/testing/fake-api';
import { renderApp } from '../../api/testing/render';
import { PublicationsPanel } from './PublicationsPanel';

jest.setTimeout(60_000);

const version = (n: number, kind: 'published' | 'correction', reason: string | null) => ({
  version: n,
  kind,
  label: `${kind === 'published' ? '已发布' : '更正'}（第${n}版）`,
  checksum: `${n}`.repeat(64),
  by: 'dept-1',
  at: '2026-12-03T08:24:24.215Z',
  globalPosition: String(100 * n),
  projects: 11,
  excluded: 0,
  reason,
});

describe('汇总表: 公开版本', () => {
  it('lists 已发布 and 更正 with the reason, and a link per version to its sealed export', async () => {
    const { calls } = fakeApi(() => ({ departmentId: 'd1', fiscalYear: 2024, items: [version(1, 'published', null), version(2, 'correction', '按财政意见更正')] }));
    renderApp(<PublicationsPanel departmentId="d1" fiscalYear={2024} />, { actor: { id: 'aud-1', role: 'auditor' } });
    expect(await screen.findByText('已发布（第1版）', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.getByText('更正（第2版）')).toBeTruthy();
    expect(screen.getByText('按财政意见更正')).toBeTruthy();
    expect(calls[0]).toMatchObject({ service: 'reporting', path: '/departments/d1/publications', query: { fiscalYear: '2024' } });
    const link = screen.getByLabelText('导出第1版 TXT');
    expect(link.getAttribute('href')).toBe('/api/reporting/departments/d1/publications/1/export?fiscalYear=2024&format=txt');
  });

  it('says so when nothing is published yet', async () => {
    fakeApi(() => ({ departmentId: 'd1', fiscalYear: 2024, items: [] }));
    renderApp(<PublicationsPanel departmentId="d1" fiscalYear={2024} />, { actor: { id: 'aud-1', role: 'auditor' } });
    expect(await screen.findByText('本年度尚未公开', {}, { timeout: 10_000 })).toBeTruthy();
  });
});
