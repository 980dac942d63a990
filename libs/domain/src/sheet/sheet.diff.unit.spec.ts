import { targetValue } from '../target-value';
import { diffSheetContent, isEmptyDiff } from './sheet.diff';
import { CONTENT, IND_1, indicator } from './testing/sheet-fixtures';

describe('diffSheetContent', () => {
  it('finds nothing between equal contents', () => {
    const diff = diffSheetContent(CONTENT, { ...CONTENT });
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('names changed scalar fields and funding columns', () => {
    expect(
      diffSheetContent(CONTENT, {
        ...CONTENT,
        projectName: '新名称',
        goal: '新目标',
        funding: { ...CONTENT.funding, otherFunds: 100 },
      }).fields,
    ).toEqual(['projectName', 'funding.otherFunds', 'goal']);
  });

  it('tells added, removed, changed and reordered indicators apart', () => {
    const [i1, i2, i3] = CONTENT.indicators;
    const added = indicator({ ...IND_1, indicatorId: 'ind-4' });
    const diff = diffSheetContent(CONTENT, {
      ...CONTENT,
      indicators: [added, { ...i3!, name: '新名称', annualTarget: targetValue('明显改善') }, i1!],
    });
    expect(diff).toEqual({
      fields: [],
      indicatorsAdded: ['ind-4'],
      indicatorsRemoved: [i2!.indicatorId],
      indicatorsChanged: [{ indicatorId: 'ind-3', fields: ['name', 'annualTarget'] }],
      indicatorsReordered: true,
    });
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it('does not call a removal or an insertion a reordering', () => {
    const [i1, i2, i3] = CONTENT.indicators;
    const added = indicator({ ...IND_1, indicatorId: 'ind-4' });
    expect(diffSheetContent(CONTENT, { ...CONTENT, indicators: [i1!, added, i3!] }).indicatorsReordered).toBe(false);
    expect(diffSheetContent(CONTENT, { ...CONTENT, indicators: [i2!, i1!, i3!] }).indicatorsReordered).toBe(true);
  });

  it('compares targets by text, not by the parse', () => {
    const [i1, ...rest] = CONTENT.indicators;
    const reparsed = { ...i1!, annualTarget: { text: i1!.annualTarget.text, parsed: { kind: 'qualitative', text: 'x' } as const } };
    expect(isEmptyDiff(diffSheetContent(CONTENT, { ...CONTENT, indicators: [reparsed, ...rest] }))).toBe(true);
  });
});
