import { DomainError } from '../errors';
import { type Funding } from '../money';
import { formatIndicatorCell, parsePublishedTable, writePublishedTable, type PublishedIndicator, type PublishedTable } from './index';

const funding = (fiscal: number, special = 0, other = 0): Funding => ({
  fiscalAppropriation: fiscal,
  specialAccountAppropriation: special,
  otherFunds: other,
});

const INDICATOR: PublishedIndicator = {
  level1: '1-产出指标',
  level2: '11-数量指标',
  name: '活动场次',
  periodTarget: '≥ 2 场',
  annualTarget: '年底前 完成',
};

function table(overrides: Partial<PublishedTable> = {}): PublishedTable {
  return {
    title: '项目支出绩效目标表（含转移支付项目）',
    departmentName: '某部门',
    displayUnit: '万元',
    grandTotal: { funding: funding(3_000_000, 100, 0), writtenTotal: 3_000_100 },
    units: [
      {
        name: '某单位',
        funding: funding(3_000_000, 100, 0),
        writtenTotal: 3_000_100,
        line: 0,
        projects: [
          { name: '甲项目', funding: funding(1_000_000, 100), writtenTotal: 1_000_100, goal: '目标', indicators: [INDICATOR], line: 0 },
          { name: '乙项目', funding: funding(2_000_000), writtenTotal: 2_000_000, goal: '', indicators: [], line: 0 },
        ],
      },
    ],
    ...overrides,
  };
}

describe('writePublishedTable', () => {
  it('writes the layout: blank zero amounts, two decimals unless more are needed', () => {
    expect(writePublishedTable(table()).split('\n')).toEqual([
      '项目支出绩效目标表（含转移支付项目）',
      '',
      '部门名称：某部门',
      '',
      '单位：万元',
      '',
      '项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标',
      '合计\t3.0001\t3.00\t0.0001\t\t\t',
      '某单位\t3.0001\t3.00\t0.0001\t\t\t',
      '甲项目\t1.0001\t1.00\t0.0001\t\t目标\t1、1-产出指标；11-数量指标；活动场次；实施周期指标值：≥ 2 场；年度指标值：年底前 完成。',
      '乙项目\t2.00\t2.00\t\t\t\t',
      '',
    ]);
  });

  it('writes 总计 as derived from its parts, not as once written', () => {
    const t = table({ grandTotal: { funding: funding(3_000_000, 100), writtenTotal: 999 } });
    expect(writePublishedTable(t).split('\n')[7]).toBe('合计\t3.0001\t3.00\t0.0001\t\t\t');
  });

  it('repeats the header after a blank line every pageBreakEvery rows', () => {
    const lines = writePublishedTable(table(), { pageBreakEvery: 2 }).split('\n');
    const header = lines[6];
    expect(lines.slice(7)).toEqual([
      expect.stringMatching(/^合计\t/),
      expect.stringMatching(/^某单位\t/),
      '',
      header,
      expect.stringMatching(/^甲项目\t/),
      expect.stringMatching(/^乙项目\t/),
      '',
    ]);
    expect(parsePublishedTable(lines.join('\n')).issues).toEqual([]);
  });

  it('refuses a page size that is not a positive integer', () => {
    for (const pageBreakEvery of [0, -1, 1.5, NaN]) {
      expect(() => writePublishedTable(table(), { pageBreakEvery })).toThrow(RangeError);
    }
  });

  it('writes only 万元', () => {
    expect(() => writePublishedTable(table({ displayUnit: '元' }))).toThrow(DomainError);
  });

  it('turns tabs and line breaks in the title and department into spaces: they stand on lines of their own', () => {
    const t = table({ title: '表\n名', departmentName: '某\t部门' });
    const out = writePublishedTable(t);
    expect(out.startsWith('表 名\n\n部门名称：某 部门\n')).toBe(true);
  });

  it('quotes a cell with line breaks, tabs or a leading quote as Excel does, and reads it back exactly', () => {
    const [unit] = table().units;
    if (!unit) throw new Error('no unit');
    const [first, second] = unit.projects;
    if (!first || !second) throw new Error('no projects');
    const indicators = [{ ...INDICATOR, name: '第一行\n第二行', annualTarget: '"≥2场"' }];
    const t = table({
      units: [{ ...unit, projects: [{ ...first, goal: '目标一；\n目标二\t（附表）', indicators }, { ...second, name: '"乙"项目' }] }],
    });
    const out = writePublishedTable(t);
    expect(out).toContain('\t"目标一；\n目标二\t（附表）"\t"1、1-产出指标；11-数量指标；第一行\n第二行；实施周期指标值：≥ 2 场；年度指标值：""≥2场""。"\n');
    expect(out).toContain('\n"""乙""项目"\t2.00');
    const { table: back, issues } = parsePublishedTable(out);
    expect(issues).toEqual([]);
    expect(back.units[0]?.projects.map((p) => [p.name, p.goal, p.indicators])).toEqual([
      ['甲项目', '目标一；\n目标二\t（附表）', indicators],
      ['"乙"项目', '', []],
    ]);
    expect(formatIndicatorCell(indicators)).toBe('1、1-产出指标；11-数量指标；第一行\n第二行；实施周期指标值：≥ 2 场；年度指标值："≥2场"。');
  });

  it('round-trips through the parser, with values’ inner spaces intact', () => {
    const { table: back, issues } = parsePublishedTable(writePublishedTable(table()));
    expect(issues).toEqual([]);
    expect(back.units[0]?.projects[0]?.indicators).toEqual([INDICATOR]);
    expect(back.units[0]?.projects.map((p) => p.writtenTotal)).toEqual([1_000_100, 2_000_000]);
  });

  it('numbers the indicators in the cell', () => {
    expect(formatIndicatorCell([INDICATOR, { ...INDICATOR, name: '第二' }])).toMatch(/^1、.*。2、1-产出指标；11-数量指标；第二；.*。$/);
    expect(formatIndicatorCell([])).toBe('');
  });
});
