import { DomainError } from '../errors';
import { parseIndicatorCell, parsePublishedRecords, parsePublishedTable, publishedDepartmentOf, publishedDepartmentOfText, readRecords } from './index';

/*
 * Hostile input (issue 11): the parser's work grows linearly with the text, whatever its shape,
 * and the limits a service passes are enforced before the work is done.
 */

const HEAD = '表名\n部门名称：某部门\n单位：万元\n项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标\n合计\t1\t1\t\t\t\t\n某单位\t1\t1\t\t\t\t\n';
const table = (indicatorCell: string): string => `${HEAD}某项目\t1\t1\t\t\t目标\t"${indicatorCell.replace(/"/g, '""')}"\n`;
const ITEM = (i: number): string => `${i}、1-产出指标；11-数量指标；培训人数${i}；实施周期指标值：≥1200人；年度指标值：≥1200人。`;

/** Shapes of one cell that made the old parser quadratic (or worse), as functions of a size. */
const SHAPES: readonly [string, (n: number) => string][] = [
  ['a run of ；', (n) => table('；'.repeat(n))],
  ['numbers that never come back to the sequence', (n) => table(Array.from({ length: n / 4 }, (_, i) => `${i + 3}、x`).join('；'))],
  ['the same number again and again', (n) => table(`1、a；${'1、x；'.repeat(n / 4)}`)],
  ['line breaks and spaces after a 年度指标值', (n) => table(`1-产出指标；年度指标值${'\n'.repeat(n)}x`)],
  ['spaces and line breaks between markers', (n) => table(`1、a${'\n '.repeat(n / 2)}2、b`)],
  ['a long run of digits', (n) => table(`1、a；${'1'.repeat(n)}x`)],
  ['cells that open a quote and never close it', (n) => `${HEAD}${'\t"a'.repeat(n / 3)}\n`],
  ['numbered items', (n) => table(Array.from({ length: n / 60 }, (_, i) => ITEM(i + 1)).join(''))],
  ['rows of zeros (every end adds up)', (n) => `${HEAD}${'某单位\t0\t0\t\t\t\t\n'.repeat(n / 12)}`],
];

function millis(text: string): number {
  const start = performance.now();
  parsePublishedTable(text);
  return performance.now() - start;
}

describe('parsing hostile shapes', () => {
  it.each(SHAPES)('given %s, when the text grows 8-fold, then the time grows about as much (not 64-fold)', (_name, shape) => {
    const small = shape(24_000);
    const large = shape(192_000);
    millis(small); // warm up
    // The best of two of each, so a pause of the machine does not decide.
    const t1 = Math.min(millis(small), millis(small));
    const t8 = Math.min(millis(large), millis(large));
    // Linear gives ≈ 8; a quadratic parser gives ≈ 64 here. 30 leaves room for a noisy machine.
    expect(t8 / Math.max(t1, 2)).toBeLessThan(30);
  });

  it('reads the items of a 2,000-item cell all the same', () => {
    const { indicators, problems } = parseIndicatorCell(Array.from({ length: 2000 }, (_, i) => ITEM(i + 1)).join(''));
    expect(problems).toEqual([]);
    expect(indicators).toHaveLength(2000);
    expect(indicators[1999]).toEqual({ level1: '1-产出指标', level2: '11-数量指标', name: '培训人数2000', periodTarget: '≥1200人', annualTarget: '≥1200人' });
  });
});

describe('limits', () => {
  const limits = { maxRows: 10, maxIndicators: 3, maxCellChars: 100 };
  const thrown = (f: () => unknown): DomainError => {
    try {
      f();
    } catch (e) {
      if (e instanceof DomainError) return e;
      throw e;
    }
    throw new Error('did not throw');
  };

  it('refuses more rows than allowed as TOO_LARGE, in words', () => {
    const e = thrown(() => parsePublishedTable(`${HEAD}${'某项目\t1\t1\t\t\t目标\t\n'.repeat(20)}`, { limits }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toBe('表格超过10行，一次导入不能超过10行，请按部门分开导入');
  });

  it('refuses a cell longer than allowed, naming its line', () => {
    const e = thrown(() => parsePublishedTable(table('x'.repeat(101)), { limits }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toMatch(/^第7行有一个单元格长101个字符，超过上限100个字符/);
  });

  it('refuses more indicators than allowed', () => {
    const wide = { ...limits, maxCellChars: 1000 };
    const e = thrown(() => parsePublishedTable(table([1, 2, 3, 4].map(ITEM).join('')), { limits: wide }));
    expect(e.code).toBe('TOO_LARGE');
    expect(e.message).toBe('表格的绩效指标超过3条，一次导入不能超过3条，请按部门分开导入');
    expect(parsePublishedTable(table([1, 2, 3].map(ITEM).join('')), { limits: wide }).table.units[0]?.projects[0]?.indicators).toHaveLength(3);
  });

  it('applies the same limits to rows from a workbook', () => {
    const records = readRecords(table('x'.repeat(101)), '\t');
    expect(thrown(() => parsePublishedRecords(records, { limits })).code).toBe('TOO_LARGE');
    expect(parsePublishedRecords(records).table.units[0]?.projects[0]?.name).toBe('某项目');
  });

  it('takes no amount longer than 64 characters as a number', () => {
    const { issues } = parsePublishedTable(`${HEAD}某项目\t${'1'.repeat(30)}${' '.repeat(40)}万元\t1\t\t\t目标\t\n`);
    expect(issues.filter((i) => i.code === 'A02').map((i) => i.message)).toEqual([expect.stringContaining('过长')]);
  });
});

describe('the department, from the rows before the header only', () => {
  it('is read from the preamble of a text, whatever follows', () => {
    expect(publishedDepartmentOfText(`${HEAD}${'x'.repeat(1_000_000)}`)).toBe('某部门');
    expect(publishedDepartmentOfText('\uFEFF预算部门：某区某局\t\t单位：万元\n项目名称\t总计\t绩效目标\t绩效指标\n')).toBe('某区某局');
  });

  it('is null without a 部门名称 line before the header, or without a header in the first rows', () => {
    expect(publishedDepartmentOfText('项目名称（资金使用单位）\t总计\t绩效目标\t绩效指标\n')).toBeNull();
    expect(publishedDepartmentOfText('部门名称：某部门\n'.repeat(500))).toBeNull();
  });

  it('stops reading rows at the header', () => {
    let read = 0;
    function* rows() {
      for (const record of readRecords(HEAD, '\t')) {
        read++;
        yield record;
      }
      throw new Error('read past the header');
    }
    expect(publishedDepartmentOf(rows())).toBe('某部门');
    expect(read).toBe(4);
  });
});
