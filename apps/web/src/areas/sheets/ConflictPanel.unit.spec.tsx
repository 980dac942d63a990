import '../review/jsdom-message-channel';
import { targetValue } from '@budget/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { ApiError, request, type RequestOptions } from '../../api/http';
import { planWrites, draftOf, rebase } from './editor-model';
import { ConflictPanel } from './ConflictPanel';
import { useSheetEditor } from './use-sheet-editor';
import type { SheetView } from './sheets-api';
import { renderWithApp, TRAINING } from './sheets-fixture';

jest.mock('../../api/http', () => ({ ...jest.requireActual<object>('../../api/http'), request: jest.fn() }));
jest.setTimeout(60_000);
const slow = { timeout: 20_000 };

/**
 * The editor's save and conflict handling (useSheetEditor, the hook SheetEditor uses) with the
 * real ConflictPanel, behind plain inputs: the whole editor's Ant Design tables are too slow for
 * jsdom on a loaded machine.
 */
function Editor({ initial }: { initial: SheetView }) {
  const e = useSheetEditor(initial);
  const indicator = (n: number, field: 'name' | 'annualTarget', label: string) => (
    <input aria-label={label} value={e.draft.indicators[n]?.[field] ?? ''} onChange={(ev) => e.setDraft((d) => ({ ...d, indicators: d.indicators.map((i, k) => (k === n ? { ...i, [field]: ev.target.value } : i)) }))} />
  );
  return (
    <div>
      {e.conflict && <ConflictPanel opened={e.base} current={e.conflict} onReload={e.reloadKeepingEdits} onDiscard={e.discardEdits} />}
      <button onClick={() => void e.save()}>保存</button>
      <span>{`版本 ${e.base.version} · ${e.dirty ? '有未保存的修改' : '已是最新'}`}</span>
      <input aria-label="项目名称" value={e.draft.projectName} onChange={(ev) => e.setDraft((d) => ({ ...d, projectName: ev.target.value }))} />
      <textarea aria-label="绩效目标" value={e.draft.goal} onChange={(ev) => e.setDraft((d) => ({ ...d, goal: ev.target.value }))} />
      {indicator(0, 'name', '三级指标 1')}
      {indicator(1, 'annualTarget', '年度指标值 2')}
    </div>
  );
}

const mocked = request as jest.MockedFunction<typeof request>;

/** What another tab saved meanwhile: a goal and the 2nd indicator's annual target (version 2). */
const SERVER: SheetView = {
  ...TRAINING,
  version: 2,
  goal: '另一个标签页写的绩效目标',
  indicators: TRAINING.indicators.map((i) => (i.indicatorId === 'i2' ? { ...i, annualTarget: targetValue('明显提升') } : i)),
};

type Call = { method: string; path: string; json: Record<string, unknown> | undefined; query: RequestOptions['query'] };
let calls: Call[] = [];

function serve(answers: ((call: Call) => unknown)[]) {
  calls = [];
  mocked.mockImplementation((_service, path, options = {}) => {
    const call: Call = { method: options.method ?? 'GET', path, json: options.json as Record<string, unknown> | undefined, query: options.query };
    calls.push(call);
    const answer = answers.shift();
    if (!answer) return Promise.reject(new Error(`unexpected ${call.method} ${path}`));
    try {
      return Promise.resolve(answer(call) as never);
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
  });
}

const conflict409 = () => {
  throw new ApiError(409, 'CONFLICT', '绩效目标表已被他人修改，请刷新后重试', [], { currentVersion: 2 });
};

describe('保存 against a sheet changed meanwhile (409)', () => {
  it('shows what changed field by field; 重新载入 takes the server state and keeps the clerk’s typing; the next 保存 names the new version and chains the versions', async () => {
    serve([conflict409, () => SERVER]);
    renderWithApp(<Editor initial={TRAINING} />);
    fireEvent.change(screen.getByLabelText('项目名称'), { target: { value: '干部教育培训专项经费' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));

    const alert = await screen.findByText('保存未成功：该表已被修改', undefined, slow);
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual(['PATCH /sheets/s-training', 'GET /sheets/s-training']);
    expect(calls[0]?.json).toEqual({ expectedVersion: 1, projectName: '干部教育培训专项经费' });
    const diff = within(alert.closest('[role="alert"]') as HTMLElement);
    expect(diff.getByText('您编辑的是版本 1，服务器上现在是版本 2。以下是这期间的变化：')).toBeTruthy();
    const rows = diff.getAllByRole('row').slice(1).map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent));
    expect(rows).toEqual([
      ['绩效目标', TRAINING.goal, '另一个标签页写的绩效目标'],
      ['第 2 个指标 · 年度指标值', '有所提升', '明显提升'],
    ]);

    fireEvent.click(diff.getByRole('button', { name: '重新载入' }));
    await waitFor(() => expect(screen.queryByText('保存未成功：该表已被修改')).toBeNull(), slow);
    expect(screen.getByLabelText('项目名称')).toHaveProperty('value', '干部教育培训专项经费');
    expect(screen.getByLabelText('绩效目标')).toHaveProperty('value', '另一个标签页写的绩效目标');
    expect(screen.getByLabelText('年度指标值 2')).toHaveProperty('value', '明显提升');

    fireEvent.change(screen.getByLabelText('三级指标 1'), { target: { value: '培训干部人次' } });
    const v3 = { ...SERVER, version: 3, projectName: '干部教育培训专项经费' };
    const v4 = { ...v3, version: 4, indicators: v3.indicators.map((i) => (i.indicatorId === 'i1' ? { ...i, name: '培训干部人次' } : i)) };
    serve([() => v3, () => v4]);
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    await screen.findByText('版本 4 · 已是最新', undefined, slow);
    expect(calls).toEqual([
      { method: 'PATCH', path: '/sheets/s-training', json: { expectedVersion: 2, projectName: '干部教育培训专项经费' }, query: undefined },
      { method: 'PATCH', path: '/sheets/s-training/indicators/i1', json: { expectedVersion: 3, name: '培训干部人次' }, query: undefined },
    ]);
  });

  it('放弃我的修改 shows the server’s sheet as it is', async () => {
    serve([conflict409, () => SERVER]);
    renderWithApp(<Editor initial={TRAINING} />);
    fireEvent.change(screen.getByLabelText('项目名称'), { target: { value: '我的名称' } });
    fireEvent.click(screen.getByRole('button', { name: '保存' }));
    fireEvent.click(await screen.findByRole('button', { name: '放弃我的修改' }, slow));
    await waitFor(() => expect(screen.getByLabelText('项目名称')).toHaveProperty('value', TRAINING.projectName), slow);
    expect(screen.getByLabelText('绩效目标')).toHaveProperty('value', SERVER.goal);
    expect(screen.getByText('版本 2 · 已是最新')).toBeTruthy();
  });
});

describe('the writes of a save', () => {
  it('sends only what changed, removals before changes before additions, and the order last when it differs', () => {
    const draft = draftOf(TRAINING);
    const edited = {
      ...draft,
      funding: { ...draft.funding, otherFunds: '0.2' },
      indicators: [{ indicatorId: 'new', level1: '3-满意度指标', level2: '31-服务对象满意度', name: '参训干部满意度', periodTarget: '≥90%', annualTarget: '≥90%' }, { ...draft.indicators[0]!, annualTarget: '≥120人次' }],
    };
    expect(planWrites(TRAINING, edited)).toEqual([
      { kind: 'edit', changes: { funding: { fiscalAppropriation: '30.00', specialAccountAppropriation: '0.00', otherFunds: '0.2' } } },
      { kind: 'remove', indicatorId: 'i2' },
      { kind: 'change', indicatorId: 'i1', changes: { annualTarget: '≥120人次' } },
      { kind: 'add', indicator: edited.indicators[0] },
      { kind: 'order', indicatorIds: ['new', 'i1'] },
    ]);
    expect(planWrites(TRAINING, { ...draft, funding: { ...draft.funding, fiscalAppropriation: '30' } })).toEqual([]);
  });

  it('rebase keeps an indicator the clerk added and one the other tab added', () => {
    const mine = { ...draftOf(TRAINING), indicators: [...draftOf(TRAINING).indicators, { indicatorId: 'mine', level1: '', level2: '', name: '我的指标', periodTarget: '', annualTarget: '' }] };
    const theirs = { ...SERVER, indicators: [...SERVER.indicators, { ...TRAINING.indicators[0]!, indicatorId: 'theirs', name: '他们的指标' }] };
    expect(rebase(TRAINING, mine, theirs).indicators.map((i) => i.name)).toEqual(['培训人次', '干部履职能力', '他们的指标', '我的指标']);
  });
});
