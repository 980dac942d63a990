import '../review/jsdom-message-channel';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { evaluateRules, parsePublishedTable, type SheetContent, targetValue } from '@budget/domain';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { contentOfView, draftOf, findingsOf } from './editor-model';
import { SheetEditor } from './SheetEditor';
import { renderWithApp, TRAINING, viewOf, ZXRCBT } from './sheets-fixture';

jest.mock('../../api/http', () => ({ ...jest.requireActual<object>('../../api/http'), request: jest.fn() }));
// Ant Design's tables in jsdom are slow on a busy machine; the debounce itself is 250 ms.
jest.setTimeout(120_000);
const slow = { timeout: 30_000 };

const panelRuleIds = () =>
  within(screen.getByRole('region', { name: '实时检查' }))
    .getAllByRole('row')
    .slice(1)
    .map((r) => r.querySelector('td')?.textContent)
    .filter((t) => t !== undefined && t !== '');

describe('findings as you type', () => {
  it('shows exactly what evaluateRules finds for the content: ZXRCBT has S01 and S02 (阻断) and S11', () => {
    renderWithApp(<SheetEditor initial={ZXRCBT} />);
    const expected = evaluateRules(contentOfView(ZXRCBT));
    expect(expected.map((f) => f.ruleId)).toEqual(['S01', 'S02', 'S11']);
    expect(panelRuleIds()).toEqual(expected.map((f) => f.ruleId));
    const panel = within(screen.getByRole('region', { name: '实时检查' }));
    for (const f of expected) expect(panel.getByText(f.message)).toBeTruthy();
    expect(panel.getByText('阻断 2 项，警告 1 项，提示 0 项')).toBeTruthy();
  });

  it('puts S01 beside the empty goal, and takes it away a moment after a goal is typed', async () => {
    renderWithApp(<SheetEditor initial={ZXRCBT} />);
    const beside = () => screen.getAllByTestId('field-finding').map((e) => e.textContent ?? '');
    expect(beside().some((t) => t.startsWith('S01 阻断'))).toBe(true);
    const goal = '完成年度人才补贴发放任务，保障高层次人才引进工作顺利开展';
    fireEvent.change(screen.getByLabelText('绩效目标'), { target: { value: goal } });
    await waitFor(() => expect(panelRuleIds()).not.toContain('S01'), slow);
    expect(panelRuleIds()).toEqual(evaluateRules({ ...contentOfView(ZXRCBT), goal }).map((f) => f.ruleId));
    expect(beside().some((t) => t.startsWith('S01'))).toBe(false);
    fireEvent.change(screen.getByLabelText('绩效目标'), { target: { value: '' } });
    await waitFor(() => expect(panelRuleIds()).toContain('S01'), slow);
  });

  it('checks indicators as typed: a placeholder target gives the same finding the rules give', async () => {
    renderWithApp(<SheetEditor initial={TRAINING} />);
    fireEvent.change(screen.getByLabelText('年度指标值 1'), { target: { value: '**' } });
    const changed: SheetContent = { ...contentOfView(TRAINING), indicators: TRAINING.indicators.map((i, n) => (n === 0 ? { ...i, annualTarget: targetValue('**') } : i)) };
    const expected = evaluateRules(changed).map((f) => f.ruleId);
    expect(expected).toContain('V01');
    await waitFor(() => expect(panelRuleIds()).toEqual(expected), slow);
  });
});

describe('the browser evaluates what the service stores', () => {
  const text = readFileSync(path.join(__dirname, '../../../../../test/fixtures/liwan-organization-department.txt'), 'utf8');
  const projects = parsePublishedTable(text).table.units.flatMap((u, ui) =>
    u.projects.map((p, pi): SheetContent => ({
      sheetId: `s-${ui}-${pi}`,
      fiscalYear: 2025,
      departmentId: 'd1',
      unitId: `u-${ui}`,
      projectName: p.name,
      funding: p.funding,
      goal: p.goal,
      indicators: p.indicators.map((ind, i) => ({ indicatorId: `i-${i}`, level1: ind.level1, level2: ind.level2, name: ind.name, periodTarget: targetValue(ind.periodTarget), annualTarget: targetValue(ind.annualTarget) })),
    })),
  );

  it('gives, for every reference sheet opened in the editor, the findings of evaluateRules on the stored content', () => {
    expect(projects.length).toBeGreaterThanOrEqual(11);
    for (const content of projects) {
      const view = viewOf(content);
      expect(findingsOf(view, draftOf(view))).toEqual(evaluateRules(content));
    }
    const zx = projects.find((p) => p.projectName === 'ZXRCBT')!;
    expect(findingsOf(viewOf(zx), draftOf(viewOf(zx))).map((f) => `${f.ruleId}:${f.severity}`)).toEqual(['S01:B', 'S02:B', 'S11:W']);
  });
});
