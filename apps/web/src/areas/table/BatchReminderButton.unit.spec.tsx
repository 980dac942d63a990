import './../review/jsdom-message-channel';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { ApiError } from '../../api/http';
import { fakeApi } from '../../api/testing/fake-api';
import { renderApp } from '../../api/testing/render';
import { BatchReminderButton } from './BatchReminderButton';

jest.setTimeout(60_000);

const REVIEWER = { id: 'dept-1', role: 'department_reviewer', departmentId: 'd1' } as const;

const sent = {
  batchId: 'b',
  departmentId: 'd1',
  fiscalYear: 2026,
  deadline: '2026-03-13',
  outcome: 'sent',
  counts: { units: 2, drafts: 3 },
  units: [
    { unitId: 'u1', unitName: '组织部机关', drafts: 2 },
    { unitId: 'u2', unitName: '党员教育中心', drafts: 1 },
  ],
};

async function remind(deadline: string): Promise<void> {
  fireEvent.click(await screen.findByRole('button', { name: '催办' }, { timeout: 10_000 }));
  fireEvent.change(await screen.findByLabelText('报送截止日期'), { target: { value: deadline } });
  fireEvent.click(screen.getByRole('button', { name: '确定' }));
}

describe('催办', () => {
  it('the department’s reviewer picks the deadline and sees how many units and drafts were reminded', async () => {
    const { writes } = fakeApi(() => sent);
    renderApp(<BatchReminderButton departmentId="d1" fiscalYear={2026} />, { actor: REVIEWER });
    await remind('2026-03-13');
    expect(await screen.findByText('已催办2个单位，共3张未报送的绩效目标表', {}, { timeout: 10_000 })).toBeTruthy();
    expect(screen.getByText('组织部机关：2张；党员教育中心：1张')).toBeTruthy();
    expect(writes().map((w) => `${w.service} ${w.method} ${w.path}`)).toEqual(['intake POST /departments/d1/batch-reminders']);
    const { batchId, ...body } = writes()[0]!.body as Record<string, unknown>;
    expect(body).toEqual({ fiscalYear: 2026, deadline: '2026-03-13' });
    expect(typeof batchId).toBe('string');
  });

  it('shows the service’s refusal in the dialog', async () => {
    fakeApi(() => {
      throw new ApiError(409, { statusCode: 409, code: 'ILLEGAL_STATE', message: '没有尚未报送的单位，无需催办' });
    });
    renderApp(<BatchReminderButton departmentId="d1" fiscalYear={2026} />, { actor: REVIEWER });
    await remind('2026-03-13');
    await waitFor(() => expect(screen.getByText('没有尚未报送的单位，无需催办')).toBeTruthy(), { timeout: 10_000 });
  });

  it('is not offered to another department’s reviewer, nor to a clerk', () => {
    fakeApi(() => sent);
    renderApp(<BatchReminderButton departmentId="d1" fiscalYear={2026} />, { actor: { id: 'dept-9', role: 'department_reviewer', departmentId: 'd9' } });
    expect(screen.queryByRole('button', { name: '催办' })).toBeNull();
    renderApp(<BatchReminderButton departmentId="d1" fiscalYear={2026} />, { actor: { id: 'c-1', role: 'unit_clerk', departmentId: 'd1', unitId: 'u1' } });
    expect(screen.queryByRole('button', { name: '催办' })).toBeNull();
  });
});
