import './../review/jsdom-message-channel';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { ApiError } from '../../api/http';
import { fakeApi, refusal } from '../../api/testing/fake-api';
import { renderApp } from '../../api/testing/render';
import { indicator, sheetView } from './fill-fixture';
import { SheetEditorPage } from './SheetEditorPage';

jest.setTimeout(120_000);

const CLERK = { id: 'clerk-1', role: 'unit_clerk', departmentId: 'd1', unitId: 'u1' } as const;
const OTHER_CLERK = { id: 'clerk-9', role: 'unit_clerk', departmentId: 'd1', unitId: 'u9' } as const;

const approved = sheetView({ status: 'approved', version: 4, fiscalYear: 2025, goal: '培训党员', indicators: [indicator('a')], submissionNo: 1, review: { reviewId: 'r1', grade: '良', conditions: null } });
const carried = sheetView({ sheetId: 's2', fiscalYear: 2026, goal: '培训党员', indicators: [indicator('a')], origin: { sheetId: 's1', fiscalYear: 2025, submissionNo: 1, reviewId: 'r1' } });

function openSheet(actor: typeof CLERK | typeof OTHER_CLERK) {
  return renderApp(
    <Routes>
      <Route path="/sheets/:sheetId" element={<SheetEditorPage />} />
    </Routes>,
    { actor, path: '/sheets/s1' },
  );
}

async function carryForward(): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: '结转至下一年度' }));
  fireEvent.click(await screen.findByRole('button', { name: '确定' }));
}

describe('结转至下一年度', () => {
  it('on an approved sheet of the clerk’s unit, asks, carries it forward and opens next year’s draft with its origin', async () => {
    const { writes } = fakeApi((call) => {
      if (call.method === 'POST') return carried;
      return call.path === '/sheets/s2' ? carried : approved;
    });
    openSheet(CLERK);
    await carryForward();
    await waitFor(() => expect(screen.getByRole('link', { name: '结转自2025年度' })).toBeTruthy(), { timeout: 30_000 });
    expect(writes()).toEqual([expect.objectContaining({ service: 'intake', method: 'POST', path: '/sheets/s1/carry-forward', body: {} })]);
    expect(screen.getByRole('link', { name: '结转自2025年度' }).getAttribute('href')).toBe('/sheets/s1');
    expect(screen.getByLabelText('绩效目标')).toHaveProperty('value', '培训党员');
  });

  it('a second carry shows the service’s 已结转 and links to the draft the first one made', async () => {
    fakeApi((call) => {
      if (call.method === 'POST') throw new ApiError(409, { statusCode: 409, code: 'ALREADY_EXISTS', message: '已结转：该项目2026年度的绩效目标表已经存在，请勿重复结转', sheetId: 's2' });
      return approved;
    });
    openSheet(CLERK);
    await carryForward();
    await waitFor(() => expect(screen.getByText('已结转：该项目2026年度的绩效目标表已经存在，请勿重复结转')).toBeTruthy());
    expect(screen.getByText('结转未成功')).toBeTruthy();
    expect(screen.getByRole('link', { name: '打开已结转的草稿' }).getAttribute('href')).toBe('/sheets/s2');
  });

  it('shows any other refusal in the service’s words, without a link', async () => {
    fakeApi((call) => {
      if (call.method === 'POST') throw refusal(409, 'ILLEGAL_STATE', '只有已批复的绩效目标表可以结转到下一年度');
      return approved;
    });
    openSheet(CLERK);
    await carryForward();
    await waitFor(() => expect(screen.getByText('只有已批复的绩效目标表可以结转到下一年度')).toBeTruthy());
    expect(screen.queryByRole('link', { name: '打开已结转的草稿' })).toBeNull();
  });

  it('is not offered to another unit’s clerk, nor on a sheet that is not approved', async () => {
    fakeApi(() => approved);
    openSheet(OTHER_CLERK);
    await screen.findByTestId('sheet-status');
    expect(screen.queryByRole('button', { name: '结转至下一年度' })).toBeNull();
    document.body.innerHTML = '';
    fakeApi(() => ({ ...approved, status: 'submitted', review: null }));
    openSheet(CLERK);
    await screen.findByRole('button', { name: '撤回' });
    expect(screen.queryByRole('button', { name: '结转至下一年度' })).toBeNull();
  });
});
