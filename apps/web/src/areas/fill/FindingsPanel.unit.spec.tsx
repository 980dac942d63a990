import { evaluateRules, formatWanYuan, fundingTotal, parsePublishedTable, type SheetContent, targetValue } from '@budget/domain';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { contentOf, draftOf } from './editor-state';
import type { SheetView } from './fill-api';
import { indicator, renderWithClient, sheetView } from './fill-fixture';
import { SheetEditor } from './SheetEditor';

const readReferenceTable = (): string => readFileSync(join(__dirname, '..', '..', '..', '..', '..', 'test', 'fixtures', 'liwan-organization-department.txt'), 'utf8');

// Ant Design in jsdom is slow on a busy machine (the whole editor re-renders per keystroke).
jest.setTimeout(180_000);

/** The rows of the 审核提示 panel as [rule, severity, field, message]. */
function panelRows(): string[][] {
  const panel = screen.getByRole('region', { name: '审核提示' });
  return within(panel)
    .getAllByRole('row')
    .slice(1)
    .filter((r) => r.querySelectorAll('td').length === 4)
    .map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? ''));
}

const ruleIds = () => panelRows().map((r) => r[0]);

/** What the review service records: the domain's rules on the same content, in the panel's order (B, W, I). */
function expected(content: SheetContent): string[] {
  const order = { B: 0, W: 1, I: 2 } as const;
  return [...evaluateRules(content)].sort((a, b) => order[a.severity] - order[b.severity]).map((f) => f.ruleId);
}

describe('审核提示: the domain’s rules on the content being edited', () => {
  it('ZXRCBT as imported: S01 and S02 block, S11 warns, as evaluateRules says; marked next to the fields', async () => {
    const sheet = sheetView();
    renderWithClient(<SheetEditor initial={sheet} />);
    await waitFor(() => expect(ruleIds()).toEqual(expected(contentOf(sheet))), { timeout: 20_000 });
    expect(ruleIds()).toEqual(['S01', 'S02', 'S11']);
    const s01 = panelRows()[0]!;
    expect(s01.slice(1, 3)).toEqual(['阻断', '绩效目标']);
    // next to the goal field, before anything is sent
    expect(screen.getByTestId('field-finding-S01').textContent).toContain('S01 阻断');
  });

  it('follows the typing (debounced): a goal makes S01 go away, emptying it brings S01 back', async () => {
    const sheet = sheetView();
    renderWithClient(<SheetEditor initial={sheet} />);
    await waitFor(() => expect(ruleIds()).toContain('S01'));
    const goal = '通过开展人才补贴发放工作，吸引集聚高层次人才，为荔湾高质量发展提供人才支撑。';
    fireEvent.change(screen.getByLabelText('绩效目标'), { target: { value: goal } });
    await waitFor(() => expect(ruleIds()).not.toContain('S01'), { timeout: 20_000 });
    const typed = contentOf(sheet, { ...draftOf(sheet), goal });
    expect(ruleIds()).toEqual(expected(typed));
    // emptied again: S01 is back
    fireEvent.change(screen.getByLabelText('绩效目标'), { target: { value: '' } });
    await waitFor(() => expect(ruleIds()).toContain('S01'), { timeout: 20_000 });
  });

  it('a sheet with indicators: the panel equals evaluateRules, indicator findings named by position', async () => {
    const sheet = sheetView({
      goal: '短',
      indicators: [indicator('a', { name: '补贴发放人数', annualTarget: '**' }), indicator('b', { level1: '3-满意度指标', level2: '31-服务对象满意度', name: '满意度', annualTarget: '≥80%', periodTarget: '≥80%' })],
    });
    renderWithClient(<SheetEditor initial={sheet} />);
    await waitFor(() => expect(ruleIds()).toEqual(expected(contentOf(sheet))), { timeout: 20_000 });
    const fields = panelRows().map((r) => r[2]);
    expect(fields).toContain('第1个指标 · 年度指标值');
  });
});

describe('the editor’s content equals what the service holds, on every sheet of the reference table', () => {
  it('SheetView → draft → SheetContent gives the same findings as the content itself', () => {
    const { table } = parsePublishedTable(readReferenceTable());
    let n = 0;
    for (const unit of table.units) {
      for (const project of unit.projects) {
        const content: SheetContent = {
          sheetId: `s${n}`,
          fiscalYear: 2024,
          departmentId: 'd1',
          unitId: 'u1',
          projectName: project.name,
          funding: project.funding,
          goal: project.goal,
          indicators: project.indicators.map((i, k) => ({ indicatorId: `i${k}`, level1: i.level1, level2: i.level2, name: i.name, periodTarget: targetValue(i.periodTarget), annualTarget: targetValue(i.annualTarget) })),
        };
        const view: SheetView = sheetView({
          sheetId: content.sheetId,
          projectName: content.projectName,
          goal: content.goal,
          indicators: project.indicators.map((i, k) => indicator(`i${k}`, i)),
          funding: {
            fiscalAppropriation: formatWanYuan(project.funding.fiscalAppropriation),
            specialAccountAppropriation: formatWanYuan(project.funding.specialAccountAppropriation),
            otherFunds: formatWanYuan(project.funding.otherFunds),
            total: formatWanYuan(fundingTotal(project.funding)),
          },
        });
        const edited = contentOf(view, draftOf(view));
        expect(edited).toEqual(content);
        expect(evaluateRules(edited)).toEqual(evaluateRules(content));
        n++;
      }
    }
    expect(n).toBeGreaterThanOrEqual(10);
  });
});
