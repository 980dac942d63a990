import { screen, waitFor } from '@testing-library/react';
import { fakeApi } from '../../api/testing/fake-api';
import { renderApp } from '../../api/testing/render';
import { SAMPLE } from './table-fixture';
import { TablePage } from './TablePage';

// The date pickers (Ant Design's ESM-only colour code) do not load in Jest; this test is about what is asked for when.
jest.mock('./TableToolbar', () => ({ TableToolbar: () => null }));
jest.mock('./ComparePanel', () => ({ ComparePanel: () => null }));
jest.setTimeout(60_000);

const DEPARTMENTS = {
  items: [{ departmentId: 'd1', name: SAMPLE.departmentName, units: [], fiscalYears: [{ fiscalYear: 2023, sheets: 3, approved: 0 }, { fiscalYear: 2024, sheets: 3, approved: 3 }] }],
};
const auditor = { id: 'aud-1', role: 'auditor' as const };

describe('汇总表: loading', () => {
  it('asks for the table of a linked department and year at once, without waiting for the list of departments', async () => {
    let releaseDepartments: (value: unknown) => void = () => undefined;
    const departments = new Promise((resolve) => (releaseDepartments = resolve));
    const { calls } = fakeApi((call) => {
      if (call.path === '/departments') return departments;
      if (call.path === '/table') return SAMPLE;
      return { generation: 1, position: '46', items: [] };
    });
    renderApp(<TablePage />, { actor: auditor, path: '/table?department=d1&fiscalYear=2024' });
    // The table is there while the list of departments is still on its way.
    expect((await screen.findByTestId('grand-total', {}, { timeout: 10_000 })).textContent).toBe('307.20');
    expect(calls.find((c) => c.path === '/table')).toMatchObject({ service: 'reporting', query: { department: 'd1', fiscalYear: '2024' } });
    releaseDepartments(DEPARTMENTS);
    await screen.findByLabelText('部门', {}, { timeout: 10_000 });
  });

  it('without a department in the address, takes the first one and its newest year with approved sheets', async () => {
    const { calls } = fakeApi((call) => {
      if (call.path === '/departments') return DEPARTMENTS;
      if (call.path === '/table') return SAMPLE;
      return { generation: 1, position: '46', items: [] };
    });
    renderApp(<TablePage />, { actor: auditor, path: '/table' });
    await waitFor(() => expect(calls.find((c) => c.path === '/table')).toMatchObject({ query: { department: 'd1', fiscalYear: '2024' } }), { timeout: 10_000 });
    expect(calls.findIndex((c) => c.path === '/departments')).toBeLessThan(calls.findIndex((c) => c.path === '/table'));
  });
});
