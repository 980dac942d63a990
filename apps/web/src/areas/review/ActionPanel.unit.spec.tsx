import './jsdom-message-channel';
import type { Actor } from '@budget/domain';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ApiError } from '../../api/http';
import { ActionPanel } from './ActionPanel';
import type { ReviewAction, ReviewDetail } from './review-api';
import { BLOCKING, reviewAt, WARNING } from './review-fixture';

// Ant Design's dialogs in jsdom are slow on a busy machine.
jest.setTimeout(30_000);

const head: Actor = { id: 'head-1', role: 'unit_head', departmentId: 'd1', unitId: 'u1' };
const dept: Actor = { id: 'dept-1', role: 'department_reviewer', departmentId: 'd1' };
const finance: Actor = { id: 'fin-1', role: 'finance_reviewer' };

function panel(review: ReviewDetail, actor: Actor, error: unknown = null) {
  const onAction = jest.fn((_: ReviewAction) => Promise.resolve());
  render(<ActionPanel review={review} actor={actor} pending={false} error={error} onAction={onAction} onReset={() => undefined} />);
  return onAction;
}

const buttonNames = () => screen.queryAllByRole('button').map((b) => b.textContent);

describe('ActionPanel: exactly the actions of the current level for the signed-in person', () => {
  it('unit head: acknowledge, approve and send back; no waivers (not a waiving level), no grade', () => {
    panel(reviewAt('unit_head'), head);
    expect(buttonNames()).toEqual(['确认警告', '审核通过', '退回修改']);
  });

  it('department: decides the requested waivers; approving waits until the blocking finding is waived', () => {
    panel(reviewAt('department'), dept);
    expect(buttonNames()).toEqual(['确认警告', '同意豁免', '不同意豁免', '审核通过', '退回修改']);
    expect(screen.getByRole('button', { name: '审核通过' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByText(/尚有 1 项阻断性问题未获豁免/)).toBeTruthy();
  });

  it('department after the waiver was granted: approve is enabled', () => {
    const granted = { ...BLOCKING, waiver: { status: 'granted' as const, request: { ruleId: 'S01', reason: 'r' }, decision: { level: 'department' as const, granted: true, reason: 'ok', by: 'dept-1', at: '2026-12-03T09:00:00Z' } } };
    panel(reviewAt('department', [granted]), dept);
    expect(buttonNames()).toEqual(['审核通过', '退回修改']);
    expect(screen.getByRole('button', { name: '审核通过' }).hasAttribute('disabled')).toBe(false);
  });

  it('finance, the last level, grades instead of approving', () => {
    panel(reviewAt('finance', [WARNING]), finance);
    expect(buttonNames()).toEqual(['确认警告', '评定等级', '退回修改']);
  });

  it('another level’s turn: no actions, says whose turn it is', () => {
    panel(reviewAt('department'), head);
    expect(buttonNames()).toEqual([]);
    expect(screen.getByText(/须由部门审核人审核/)).toBeTruthy();
  });

  it('four-eyes: the person who submitted it gets no actions, and is told why', () => {
    panel(reviewAt('unit_head', [WARNING], { submittedBy: 'head-1' }), head);
    expect(buttonNames()).toEqual([]);
    expect(screen.getByText('不能审核本人创建、最后修改或报送的绩效目标表')).toBeTruthy();
  });

  it('a closed review has no actions', () => {
    panel(reviewAt('unit_head', [], { status: 'approved', currentLevel: null }), head);
    expect(buttonNames()).toEqual([]);
    expect(screen.getByTestId('review-closed').textContent).toContain('审核通过');
  });

  it('an API refusal is shown in words', () => {
    panel(reviewAt('unit_head'), head, new ApiError(409, { statusCode: 409, code: 'ILLEGAL_STATE', message: '尚有1项预警未经本级确认，不能通过' }));
    expect(screen.getByText('操作未成功')).toBeTruthy();
    expect(screen.getByText('尚有1项预警未经本级确认，不能通过')).toBeTruthy();
  });
});

describe('ActionPanel dialogs', () => {
  it('a waiver decision needs a reason; then it names the findings, the decision and the reason', async () => {
    const onAction = panel(reviewAt('department'), dept);
    fireEvent.click(screen.getByRole('button', { name: '同意豁免' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await within(dialog).findByText('请填写豁免决定的理由')).toBeTruthy();
    expect(onAction).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('理由'), { target: { value: '按原样公开' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(onAction).toHaveBeenCalledWith({ kind: 'waive', findingKeys: ['S01@goal'], grant: true, reason: '按原样公开' }));
  });

  it('不同意豁免 sends grant false', async () => {
    const onAction = panel(reviewAt('department'), dept);
    fireEvent.click(screen.getByRole('button', { name: '不同意豁免' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('理由'), { target: { value: '目标必须填写' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(onAction).toHaveBeenCalledWith({ kind: 'waive', findingKeys: ['S01@goal'], grant: false, reason: '目标必须填写' }));
  });

  it('a revision request needs at least one comment; a comment on 绩效目标 goes out as a field comment', async () => {
    const onAction = panel(reviewAt('unit_head'), head);
    fireEvent.click(screen.getByRole('button', { name: '退回修改' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(within(dialog).getByText('请至少填写一条退回意见')).toBeTruthy();
    expect(onAction).not.toHaveBeenCalled();
    fireEvent.change(within(dialog).getByLabelText('绩效目标'), { target: { value: '请写明可衡量的产出' } });
    fireEvent.change(within(dialog).getByLabelText('S11 项目名称'), { target: { value: '请用中文名称' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() =>
      expect(onAction).toHaveBeenCalledWith({
        kind: 'request-revision',
        comments: [
          { field: 'goal', message: '请写明可衡量的产出' },
          { findingKey: 'S11@projectName', message: '请用中文名称' },
        ],
      }),
    );
  });

  it('approving with open warnings says it acknowledges them, and does', async () => {
    const onAction = panel(reviewAt('unit_head', [WARNING]), head);
    fireEvent.click(screen.getByRole('button', { name: '审核通过' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('审核通过将同时确认以下 1 项警告：')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(onAction).toHaveBeenCalledWith({ kind: 'approve', acknowledgeFirst: true }));
  });

  it('grades: 优 良 中 差; 中 needs comments; 良 goes out as the grade', async () => {
    const onAction = panel(reviewAt('finance', []), finance);
    fireEvent.click(screen.getByRole('button', { name: '评定等级' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getAllByRole('radio').map((r) => r.closest('label')?.textContent)).toEqual(['优', '良', '中（退回修改）', '差（本年度不予通过）']);
    fireEvent.click(within(dialog).getByLabelText('中（退回修改）'));
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(await within(dialog).findByText('评定为“中”或“差”时须填写意见')).toBeTruthy();
    expect(onAction).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByLabelText('良'));
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(onAction).toHaveBeenCalledWith({ kind: 'grade', grade: '良', acknowledgeFirst: false }), { timeout: 5000 });
  });
});
