import { screen, within } from '@testing-library/react';
import { fakeApi } from '../../api/testing/fake-api';
import { renderApp } from '../../api/testing/render';
import { sheetView } from './fill-fixture';
import { SheetsPage } from './SheetsPage';

// Ant Design in jsdom is slow on a busy machine.
jest.setTimeout(60_000);

describe('填报: the unit’s sheets', () => {
  it('shows when each sheet last changed (最近修改, Beijing time), as GET /sheets says', async () => {
    const { calls } = fakeApi(() => ({
      items: [sheetView({ sheetId: 's1', projectName: 'ZXRCBT', version: 3, updatedAt: '2026-12-01T02:05:09.000Z' })],
      total: 1,
      limit: 1000,
      offset: 0,
    }));
    renderApp(<SheetsPage />, { actor: { id: 'clerk-1', role: 'unit_clerk', departmentId: 'd1', unitId: 'u1' } });
    const row = (await screen.findByRole('link', { name: 'ZXRCBT' }, { timeout: 10_000 })).closest('tr')!;
    const header = screen.getAllByRole('columnheader').map((h) => h.textContent);
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent);
    expect(cells[header.indexOf('最近修改')]).toBe('2026/12/1 10:05:09');
    expect(within(row).queryByText('—')).toBeNull();
    expect(calls[0]).toMatchObject({ service: 'intake', method: 'GET', path: '/sheets', query: { limit: '1000' } });
  });
});
