import { type PublishedTable } from '@budget/domain';
import { writeCsv } from './csv.writer';
import { collect, REFERENCE, REFERENCE_SOURCE } from './testing/export-fixtures';

/** RFC 4180 reader, strict enough to catch a quoting mistake. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else cell += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (cell !== '') throw new Error(`quote inside an unquoted field at ${i}`);
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (c === '\n' || c === '\r') {
      throw new Error(`bare line break at ${i}`);
    } else {
      cell += c;
    }
    i++;
  }
  if (quoted) throw new Error('unterminated quote');
  if (cell !== '' || row.length > 0) throw new Error('last row without CRLF');
  return rows;
}

async function csvOf(source: Parameters<typeof writeCsv>[0], options?: Parameters<typeof writeCsv>[2]): Promise<{ bytes: Buffer; rows: string[][] }> {
  const { bytes } = await collect((out) => writeCsv(source, out, options));
  return { bytes, rows: parseCsv(bytes.subarray(3).toString('utf8')) };
}

describe('csv export', () => {
  it('starts with a UTF-8 BOM and has one row per project after the header', async () => {
    const { bytes, rows } = await csvOf(REFERENCE_SOURCE);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const projects = REFERENCE.units.flatMap((u) => u.projects);
    expect(projects).toHaveLength(11);
    expect(rows).toHaveLength(1 + 11);
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
    expect(rows.slice(1).map((r) => r[3])).toEqual(projects.map((p) => p.name));
  });

  it('flattens the indicators into one group of five columns per indicator, plus the published cell', async () => {
    const { rows } = await csvOf(REFERENCE_SOURCE);
    const header = rows[0]!;
    expect(header.slice(0, 10)).toEqual(['部门', '预算年度', '资金使用单位', '项目名称', '总计（万元）', '财政拨款（万元）', '财政专户拨款（万元）', '其他资金（万元）', '绩效目标', '指标数']);
    // 组织工作经费 has five indicators, the most of any project.
    expect(header).toContain('指标5年度指标值');
    expect(header).not.toContain('指标6一级指标');
    expect(header.at(-1)).toBe('绩效指标');
    const col = (name: string) => header.indexOf(name);
    const care = rows.find((r) => r[3] === '关爱党员专项经费')!;
    expect(care[col('部门')]).toBe('中国共产党广州市荔湾区委员会组织部');
    expect(care[col('预算年度')]).toBe('2025');
    expect(care[col('资金使用单位')]).toBe('中国共产党广州市荔湾区委员会组织部');
    expect([care[col('总计（万元）')], care[col('财政拨款（万元）')], care[col('财政专户拨款（万元）')], care[col('其他资金（万元）')]]).toEqual(['30.00', '30.00', '0.00', '0.00']);
    expect(care[col('指标数')]).toBe('4');
    expect([care[col('指标2一级指标')], care[col('指标2二级指标')], care[col('指标2三级指标')], care[col('指标2实施周期指标值')], care[col('指标2年度指标值')]]).toEqual([
      '1-产出指标',
      '11-数量指标',
      '经费足额下达率',
      '100%',
      '100%',
    ]);
    expect(care[col('指标5一级指标')]).toBe('');
    expect(care.at(-1)).toMatch(/^1、1-产出指标；11-数量指标；帮扶党内关爱扶助对象；实施周期指标值：≥100人；年度指标值：≥100人。2、/);
    const zx = rows.find((r) => r[3] === 'ZXRCBT')!;
    expect([zx[col('总计（万元）')], zx[col('绩效目标')], zx[col('指标数')], zx.at(-1)]).toEqual(['50.00', '', '0', '']);
    expect(rows.find((r) => r[3] === '党史研究专项经费')![col('资金使用单位')]).toBe('中共广州市荔湾区委党史研究室');
  });

  it('quotes commas, quotes and line breaks, and guards cells a spreadsheet would run as formulas', async () => {
    const unit = REFERENCE.units[1]!;
    const table: PublishedTable = {
      ...REFERENCE,
      units: [
        {
          ...unit,
          projects: [{ ...unit.projects[0]!, name: '=HYPERLINK("http://x")', goal: '目标, 含逗号\n第二行 "引号"' }],
        },
      ],
    };
    const guarded = await csvOf({ table });
    expect(guarded.rows[1]![3]).toBe('\'=HYPERLINK("http://x")');
    expect(guarded.rows[1]![8]).toBe('目标, 含逗号\n第二行 "引号"');
    expect(guarded.bytes.toString('utf8')).toContain('"目标, 含逗号\n第二行 ""引号"""');
    expect(guarded.rows[1]![1]).toBe(''); // no fiscal year given
    const raw = await csvOf({ table }, { guardFormulas: false });
    expect(raw.rows[1]![3]).toBe('=HYPERLINK("http://x")');
  });

  it('adds the metadata rows only when asked', async () => {
    const { rows } = await csvOf(REFERENCE_SOURCE, { metadata: true });
    expect(rows.slice(12)).toEqual([
      [''],
      ['导出信息'],
      ['部门名称', '中国共产党广州市荔湾区委员会组织部'],
      ['预算年度', '2025'],
      ['数据截至日志位置', '123'],
      ['数据截至时间', '2025-03-01T08:02:03.000Z'],
      ['内容校验值（SHA-256）', 'ab'.repeat(32)],
      ['导出时间', '2025-03-02T00:00:00.000Z'],
      ['事件流数量', '2'],
      [''],
      ['事件流', '版本', '哈希链头'],
      ['department-dept-1', '5', 'c'.repeat(64)],
      ['sheet-1-1', '4', 'd'.repeat(64)],
    ]);
  });
});
