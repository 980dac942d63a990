import { DomainError } from '../errors';
import { parseWanYuan, type Fen } from '../money';
import { parseIndicatorCell, parsePublishedTable, writePublishedTable, type PublishedTable, type TableIssue } from './index';
import { readReferenceTable } from '../report/testing/reference-table';


const REFERENCE = readReferenceTable();

function wan(text: string): Fen {
  const r = parseWanYuan(text);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

function project(table: PublishedTable, name: string) {
  const found = table.units.flatMap((u) => u.projects).find((p) => p.name === name);
  if (!found) throw new Error(`no project ${name}`);
  return found;
}

function withoutLines(table: PublishedTable): unknown {
  return JSON.parse(JSON.stringify(table, (key, value: unknown) => (key === 'line' ? undefined : value)));
}

function issueCodes(issues: readonly TableIssue[]): string[] {
  return issues.map((i) => `${i.code}@${i.line}`);
}

const ORG = '中国共产党广州市荔湾区委员会组织部';

describe('parsePublishedTable: the reference', () => {
  const { table, issues } = parsePublishedTable(REFERENCE);

  it('reads it without an issue', () => {
    expect(issues).toEqual([]);
  });

  it('reads title, department and unit', () => {
    expect(table.title).toBe('项目支出绩效目标表（含转移支付项目）');
    expect(table.departmentName).toBe(ORG);
    expect(table.displayUnit).toBe('万元');
  });

  it('reads 合计 as 302.20 万元', () => {
    expect(table.grandTotal).toEqual({
      funding: { fiscalAppropriation: 302_200_000, specialAccountAppropriation: 0, otherFunds: 0 },
      writtenTotal: 302_200_000,
    });
  });

  it('finds the four units with their totals', () => {
    expect(table.units.map((u) => [u.name, u.writtenTotal, u.funding.fiscalAppropriation, u.line])).toEqual([
      [ORG, 287_200_000, 287_200_000, 11],
      ['广州市荔湾区党群服务中心', 7_000_000, 7_000_000, 24],
      ['中共广州市荔湾区委党史研究室', 3_000_000, 3_000_000, 26],
      ['中共广州市荔湾区委组织部电教中心', 5_000_000, 5_000_000, 28],
    ]);
  });

  it('finds the eleven projects, ZXRCBT among the Organization Department’s, with their indicator counts', () => {
    expect(table.units.map((u) => u.projects.map((p) => [p.name, p.indicators.length]))).toEqual([
      [
        ['关爱党员专项经费', 4],
        ['干部工作经费', 4],
        ['区人才日常工作经费', 4],
        ['组织工作经费', 5],
        ['社区两委正职政府奖励津贴', 4],
        ['镇(街)党建工作指导员工资补助经费', 4],
        ['专项巡查经费', 4],
        ['ZXRCBT', 0],
      ],
      [['党群服务中心业务工作经费', 4]],
      [['党史研究专项经费', 4]],
      [['电教中心业务工作经费', 4]],
    ]);
  });

  it('adds up: each unit is the sum of its projects', () => {
    for (const unit of table.units) {
      expect(unit.projects.reduce((s, p) => s + p.writtenTotal, 0)).toBe(unit.writtenTotal);
    }
    const org = table.units[0]!;
    expect(org.projects.map((p) => p.writtenTotal)).toEqual(
      ['30.00', '61.30', '20.00', '41.85', '3.60', '70.45', '10.00', '50.00'].map(wan),
    );
  });

  it('reads ZXRCBT as a project with no goal and no indicators', () => {
    expect(project(table, 'ZXRCBT')).toEqual({
      name: 'ZXRCBT',
      funding: { fiscalAppropriation: 50_000_000, specialAccountAppropriation: 0, otherFunds: 0 },
      writtenTotal: 50_000_000,
      goal: '',
      indicators: [],
      line: 21,
    });
  });

  it('keeps the line numbers across page breaks', () => {
    expect(project(table, '区人才日常工作经费').line).toBe(14);
    expect(project(table, '组织工作经费').line).toBe(17); // after the repeated header
    expect(project(table, '电教中心业务工作经费').line).toBe(29);
  });

  it('keeps tricky indicator texts exactly', () => {
    const care = project(table, '关爱党员专项经费').indicators;
    expect(care[0]).toEqual({
      level1: '1-产出指标',
      level2: '11-数量指标',
      name: '帮扶党内关爱扶助对象',
      periodTarget: '≥100人',
      annualTarget: '≥100人',
    });
    expect(care[1]?.periodTarget).toBe('100%'); // written with a half-width colon
    expect(care[3]?.periodTarget).toBe('困难党员 生活改善');

    const cadres = project(table, '干部工作经费').indicators;
    expect(cadres[2]?.name).toBe('注重干部队伍建设，一线调查考准考实干部');
    expect(cadres[3]?.periodTarget).toBe('按规定对给予嘉奖、记三等功人员颁发奖励证书、奖章');
    expect(cadres[3]?.annualTarget).toBe('按要求完成');

    const talent = project(table, '区人才日常工作经费').indicators;
    expect(talent[1]?.periodTarget).toBe('按年度计划年底前 完成');
    expect(talent[2]?.periodTarget).toBe('扩大人才工作宣传覆盖面，持续增强人才工作影响力，不少于4次媒体信息发布');
    expect(talent[3]?.annualTarget).toBe('年底前 完成');

    const history = project(table, '党史研究专项经费').indicators;
    expect(history[1]?.name).toBe('完善充实16个革命遗址数据库');

    const av = project(table, '电教中心业务工作经费').indicators;
    expect(av[3]?.annualTarget).toBe('按计划完成'); // the cell's closing 。 is not part of the value
    expect(project(table, '专项巡查经费').indicators[3]).toEqual({
      level1: '3-满意度指标',
      level2: '31-服务对象满意度',
      name: '组织工作满意度',
      periodTarget: '大于95%',
      annualTarget: '大于95%',
    });
  });

  it('reads CRLF line ends and a byte-order mark the same', () => {
    const crlf = parsePublishedTable(`\uFEFF${REFERENCE.replace(/\n/g, '\r\n')}`);
    expect(crlf.issues).toEqual([]);
    expect(crlf.table).toEqual(table);
  });
});

describe('parsePublishedTable: tables that do not add up', () => {
  function tamper(from: string, to: string): string {
    expect(REFERENCE).toContain(from);
    return REFERENCE.replace(from, to);
  }

  it('reports A03 when one project amount changes, and keeps every unit in place', () => {
    const { table, issues } = parsePublishedTable(tamper('干部工作经费\t61.30\t61.30', '干部工作经费\t61.40\t61.40'));
    expect(issueCodes(issues)).toEqual(['A03@10', 'A03@10', 'A03@11', 'A03@11']);
    expect(issues[2]).toEqual({
      line: 11,
      code: 'A03',
      message: `单位“${ORG}”的总计287.20与其项目之和287.30不一致`,
      expected: '287.30',
      actual: '287.20',
    });
    expect(table.units.map((u) => u.name)).toEqual([ORG, '广州市荔湾区党群服务中心', '中共广州市荔湾区委党史研究室', '中共广州市荔湾区委组织部电教中心']);
    expect(table.units[0]?.projects.map((p) => p.name)).toContain('ZXRCBT');
  });

  it('reports A01 and A03 when only one cell changes', () => {
    const { issues } = parsePublishedTable(tamper('干部工作经费\t61.30\t61.30', '干部工作经费\t61.30\t61.31'));
    expect(issueCodes(issues)).toEqual(['A03@10', 'A03@11', 'A01@13']);
    expect(issues[2]).toMatchObject({ code: 'A01', expected: '61.31', actual: '61.30' });
    expect(issues[1]?.message).toBe(`单位“${ORG}”的财政拨款287.20与其项目之和287.21不一致`);
  });

  it('does not let a unit whose own total is wrong be swallowed by the unit before it', () => {
    const { table, issues } = parsePublishedTable(tamper('中共广州市荔湾区委党史研究室\t3.00\t3.00', '中共广州市荔湾区委党史研究室\t4.00\t4.00'));
    expect(table.units.map((u) => [u.name, u.projects.length])).toEqual([
      [ORG, 8],
      ['广州市荔湾区党群服务中心', 1],
      ['中共广州市荔湾区委党史研究室', 1],
      ['中共广州市荔湾区委组织部电教中心', 1],
    ]);
    expect(issueCodes(issues)).toEqual(['A03@26', 'A03@26']);
  });

  it('keeps ZXRCBT a project when it is the amount that was changed', () => {
    const { table, issues } = parsePublishedTable(tamper('ZXRCBT\t50.00\t50.00', 'ZXRCBT\t60.00\t60.00'));
    expect(table.units[0]?.projects.at(-1)?.name).toBe('ZXRCBT');
    expect(table.units).toHaveLength(4);
    expect(issueCodes(issues)).toEqual(['A03@10', 'A03@10', 'A03@11', 'A03@11']);
  });

  it('reports the unit that gets the projects of a missing unit row', () => {
    const { table, issues } = parsePublishedTable(tamper('中共广州市荔湾区委党史研究室\t3.00\t3.00\t\t\t\t\n', ''));
    expect(table.units.map((u) => [u.name, u.projects.length])).toEqual([
      [ORG, 8],
      ['广州市荔湾区党群服务中心', 2],
      ['中共广州市荔湾区委组织部电教中心', 1],
    ]);
    expect(issueCodes(issues)).toEqual(['A03@24', 'A03@24']);
  });

  it('reports a missing goal-less project against its unit and 合计', () => {
    const { table, issues } = parsePublishedTable(tamper('ZXRCBT\t50.00\t50.00\t\t\t\t\n', ''));
    expect(table.units[0]?.projects).toHaveLength(7);
    expect(table.units).toHaveLength(4);
    expect(issueCodes(issues)).toEqual(['A03@10', 'A03@10', 'A03@11', 'A03@11']);
  });

  it('reports an amount it cannot read as A02 and counts it as 0', () => {
    const { table, issues } = parsePublishedTable(tamper('专项巡查经费\t10.00\t10.00', '专项巡查经费\t10.00\t10.0.0'));
    expect(issues.find((i) => i.code === 'A02')).toEqual({
      line: 20,
      code: 'A02',
      message: '“专项巡查经费”的财政拨款无法读取，按0计：金额格式不正确：“10.0.0”，请填写数字，如 30.00',
      actual: '10.0.0',
    });
    expect(project(table, '专项巡查经费').funding.fiscalAppropriation).toBe(0);
    expect(issueCodes(issues)).toContain('A01@20');
  });
});

describe('parsePublishedTable: layout problems', () => {
  const HEADER = '项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标';
  const IND = '1、1-产出指标；11-数量指标；人数；实施周期指标值：3人；年度指标值：3人。';
  const table = (...rows: string[]) => ['表', '部门名称：某部门', '单位：万元', HEADER, ...rows].join('\n');

  function rejects(text: string, message: RegExp): void {
    let error: unknown;
    try {
      parsePublishedTable(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((error as DomainError).message).toMatch(message);
  }

  it('refuses text that is not such a table', () => {
    rejects('', /找不到表头/);
    rejects('hello\nworld', /找不到表头/);
    rejects(['部门名称：某部门', '单位：万元', '合计\t1.00\t1.00'].join('\n'), /找不到表头/);
    rejects(['表', '单位：万元', HEADER, '合计\t\t\t\t\t\t'].join('\n'), /缺少“部门名称：…”行/);
  });

  it('refuses a header with other columns, or amounts in another unit', () => {
    rejects(['部门名称：某部门', '项目名称\t总计\t绩效目标'].join('\n'), /表头列不符/);
    expect(() => parsePublishedTable(['部门名称：某部门', '单位：元', HEADER].join('\n'))).toThrow(/金额单位“元”不受支持/);
    try {
      parsePublishedTable(['部门名称：某部门', '单位：元', HEADER].join('\n'));
    } catch (e) {
      expect((e as DomainError).details).toEqual({ line: 2 });
    }
  });

  it('given an unknown header column, when imported, then the error names it and the columns expected', () => {
    rejects(
      ['部门名称：某部门', '项目名称\t总计\t财政拨款\t备注\t绩效目标\t绩效指标'].join('\n'),
      /^表头列不符：无法识别“备注”。应为：项目名称（资金使用单位） 总计 财政拨款 财政专户拨款 其他资金 绩效目标 绩效指标/,
    );
    rejects(['部门名称：某部门', '项目名称\t总计\t财政拨款\t绩效目标'].join('\n'), /^表头列不符：缺少“绩效指标”列/);
    rejects(['部门名称：某部门', '项目名称\t总计\t合计\t绩效目标\t绩效指标'].join('\n'), /^表头列不符：“合计”重复/);
  });

  it('given header synonyms in another order, when imported, then each column is read by its name', () => {
    const { table: t, issues } = parsePublishedTable(
      [
        '预算部门：某部门 单位：万元',
        '项目名称\t年度绩效目标\t绩效指标\t其他资金\t一般公共预算\t资金总额（万元）',
        '总计\t\t\t1.00\t2.00\t3.00',
        '某单位\t\t\t1.00\t2.00\t3.00',
        `某项目\t目标\t${IND}\t1\t2\t3`,
      ].join('\n'),
    );
    expect(issues.map((i) => i.message)).toEqual(['缺少表名']);
    expect(t.departmentName).toBe('某部门');
    expect(t.units[0]?.projects[0]).toMatchObject({
      funding: { fiscalAppropriation: 2_000_000, specialAccountAppropriation: 0, otherFunds: 1_000_000 },
      writtenTotal: 3_000_000,
      goal: '目标',
    });
  });

  it('given dashes for zero, when imported, then they are 0 and no A02', () => {
    const { table: t, issues } = parsePublishedTable(table('合 计\t3.00\t3.00\t—\t-', '某单位\t3.00\t3.00\t－\t--', `某项目\t3.00\t3.00\t–\t-\t目标\t${IND}`));
    expect(issues).toEqual([]);
    expect(t.grandTotal.funding).toEqual({ fiscalAppropriation: 3_000_000, specialAccountAppropriation: 0, otherFunds: 0 });
  });

  it('given a quoted goal over several lines, when imported, then no phantom rows or units appear', () => {
    const { table: t, issues } = parsePublishedTable(table('合计\t3.00\t3.00', '某单位\t3.00\t3.00', `某项目\t3.00\t3.00\t\t\t"目标第一行\n3.00\t第二行"\t${IND}`));
    expect(issues).toEqual([]);
    expect(t.units.map((u) => [u.name, u.projects.map((p) => [p.name, p.goal, p.line])])).toEqual([['某单位', [['某项目', '目标第一行\n3.00\t第二行', 7]]]]);
  });

  it('reads a minimal table, with trailing empty cells trimmed away', () => {
    const { table: t, issues } = parsePublishedTable(table('合计\t3.00\t3.00', '某单位\t3.00\t3.00', `某项目\t3.00\t3.00\t\t\t目标\t${IND}`));
    expect(issues).toEqual([]);
    expect(t.units).toEqual([
      {
        name: '某单位',
        funding: { fiscalAppropriation: 3_000_000, specialAccountAppropriation: 0, otherFunds: 0 },
        writtenTotal: 3_000_000,
        line: 6,
        projects: [
          {
            name: '某项目',
            funding: { fiscalAppropriation: 3_000_000, specialAccountAppropriation: 0, otherFunds: 0 },
            writtenTotal: 3_000_000,
            goal: '目标',
            indicators: [{ level1: '1-产出指标', level2: '11-数量指标', name: '人数', periodTarget: '3人', annualTarget: '3人' }],
            line: 7,
          },
        ],
      },
    ]);
  });

  it('reports what it cannot place, without stopping', () => {
    const { table: t, issues } = parsePublishedTable(
      table(
        `先到的项目\t1.00\t1.00\t\t\t目标\t${IND}`,
        '某单位\t2.00\t2.00',
        '这一行没有分列',
        `某项目\t2.00\t2.00\t\t\t目标\t${IND}\t多余`,
        '合计\t3.00\t3.00',
        '合计\t3.00\t3.00',
      ),
    );
    expect(issues.map((i) => [i.code, i.line, i.message])).toEqual([
      ['PARSE', 5, '以下1个项目之前没有资金使用单位行，已归入无名单位'],
      ['PARSE', 7, '无法识别的行（没有用制表符分列）：“这一行没有分列”'],
      ['PARSE', 8, '本行多出1个非空列，已忽略：“多余”'],
      ['PARSE', 10, '重复的“合计”行，已忽略'],
    ]);
    expect(t.units.map((u) => [u.name, u.projects.map((p) => p.name)])).toEqual([
      ['', ['先到的项目']],
      ['某单位', ['某项目']],
    ]);
    expect(t.grandTotal.writtenTotal).toBe(3_000_000);
  });

  it('reports a missing 合计, title and unit line', () => {
    const { issues } = parsePublishedTable(['部门名称：某部门', HEADER, '某单位\t1.00\t1.00', `某项目\t1.00\t1.00\t\t\t目标\t${IND}`].join('\n'));
    expect(issues.map((i) => i.message)).toEqual(['缺少表名', '缺少“单位：万元”行，金额按万元读取', '缺少“合计”行']);
  });

  it('reports an indicator cell it cannot fully read', () => {
    const { table: t, issues } = parsePublishedTable(
      table('合计\t1.00\t1.00', '某单位\t1.00\t1.00', '某项目\t1.00\t1.00\t\t\t目标\t1、1-产出指标；11-数量指标；人数；3人。'),
    );
    expect(issues.map((i) => i.message)).toEqual([
      '项目“某项目”的绩效指标：第1项缺少“实施周期指标值”',
      '项目“某项目”的绩效指标：第1项缺少“年度指标值”',
    ]);
    expect(t.units[0]?.projects[0]?.indicators).toEqual([
      { level1: '1-产出指标', level2: '11-数量指标', name: '人数；3人', periodTarget: '', annualTarget: '' },
    ]);
  });
});

describe('parseIndicatorCell', () => {
  it('cuts items only where the next number follows 。 and the item is complete', () => {
    const cell =
      '1、1-产出指标；11-数量指标；完成2、3号楼改造；实施周期指标值：完成。2、3号楼；年度指标值:≥2栋。' +
      '2、2-效益指标；22-社会效益；效果；实施周期指标值: 有所 改善 ；年度指标值：按要求完成。';
    expect(parseIndicatorCell(cell)).toEqual({
      problems: [],
      indicators: [
        { level1: '1-产出指标', level2: '11-数量指标', name: '完成2、3号楼改造', periodTarget: '完成。2、3号楼', annualTarget: '≥2栋' },
        { level1: '2-效益指标', level2: '22-社会效益', name: '效果', periodTarget: '有所 改善', annualTarget: '按要求完成' },
      ],
    });
  });

  it('does not let an item without its 年度指标值 swallow the next one', () => {
    const { indicators, problems } = parseIndicatorCell(
      '1、1-产出指标；11-数量指标；甲；实施周期指标值：1次。2、1-产出指标；12-质量指标；乙；实施周期指标值：合格；年度指标值：合格。',
    );
    expect(indicators.map((i) => i.name)).toEqual(['甲', '乙']);
    expect(problems).toEqual(['第1项缺少“年度指标值”']);
  });

  it('reads an empty cell as no indicators, one unnumbered item as one indicator, and flags numbering that starts elsewhere', () => {
    expect(parseIndicatorCell('  ')).toEqual({ indicators: [], problems: [] });
    expect(parseIndicatorCell('1-产出指标；11-数量指标；甲；实施周期指标值：1次；年度指标值：1次')).toEqual({
      problems: [],
      indicators: [{ level1: '1-产出指标', level2: '11-数量指标', name: '甲', periodTarget: '1次', annualTarget: '1次' }],
    });
    expect(parseIndicatorCell('2、1-产出指标；11-数量指标；甲；实施周期指标值：1次；年度指标值：1次').problems).toEqual(['编号应从1开始，实为“2、”']);
  });
});

describe('parseIndicatorCell: numberings and separators of real tables', () => {
  const A = '1-产出指标；11-数量指标；培训人数；实施周期指标值：≥100人；年度指标值：≥100人';
  const B = '1-产出指标；12-质量指标；培训合格率；实施周期指标值：≥95%；年度指标值：≥95%';
  const C = '3-满意度指标；31-服务对象满意度；参训人员满意度；实施周期指标值：≥90%；年度指标值：≥90%';
  const three = [
    { level1: '1-产出指标', level2: '11-数量指标', name: '培训人数', periodTarget: '≥100人', annualTarget: '≥100人' },
    { level1: '1-产出指标', level2: '12-质量指标', name: '培训合格率', periodTarget: '≥95%', annualTarget: '≥95%' },
    { level1: '3-满意度指标', level2: '31-服务对象满意度', name: '参训人员满意度', periodTarget: '≥90%', annualTarget: '≥90%' },
  ];

  it.each<[string, string]>([
    ['1、 … 。', `1、${A}。2、${B}。3、${C}。`],
    ['1、 … ；', `1、${A}；2、${B}；3、${C}；`],
    ['1、 on lines', `1、${A}\n2、${B}\n3、${C}`],
    ['１、 (full-width digits)', `１、${A}。２、${B}。３、${C}。`],
    ['1. … 。', `1.${A}。2.${B}。3.${C}。`],
    ['1. on lines', `1.${A}\r\n2.${B}\r\n3.${C}`],
    ['（1） … 。', `（1）${A}。（2）${B}。（3）${C}。`],
    ['(1) … ；', `(1)${A}；(2)${B}；(3)${C}`],
    ['1） on lines', `1）${A}\n2）${B}\n3）${C}`],
    ['unnumbered, one per line', `${A}\n${B}\n${C}`],
    ['unnumbered, after ；', `${A}；${B}；${C}`],
    ['unnumbered, after 。', `${A}。${B}。${C}。`],
  ])('given items numbered %s, when the cell is read, then three indicators and no problem', (_name, cell) => {
    expect(parseIndicatorCell(cell)).toEqual({ indicators: three, problems: [] });
  });

  it('given a number skipped (1, 2, 4), when read, then all items are kept and the gap is reported', () => {
    const { indicators, problems } = parseIndicatorCell(`1、${A}。2、${B}。4、${C}。`);
    expect(indicators.map((i) => i.name)).toEqual(['培训人数', '培训合格率', '参训人员满意度']);
    expect(problems).toEqual(['编号不连续：第2项之后是“4”，缺少编号3']);
  });

  it('given an item without its number, when read, then it is not merged silently', () => {
    const { indicators, problems } = parseIndicatorCell(`1、${A}。2、${B}。${C}。`);
    expect(indicators).toHaveLength(2);
    expect(problems).toEqual(['第2项含有2个“年度指标值”，编号与指标条目不一致（可能漏写或跳过了编号），未拆分，请核对']);
  });

  it('given a number repeated (1, 2, 2), when read, then it is reported', () => {
    const { problems } = parseIndicatorCell(`1、${A}。2、${B}。2、${C}。`);
    expect(problems).toEqual(['第2项含有2个“年度指标值”，编号与指标条目不一致（可能漏写或跳过了编号），未拆分，请核对']);
  });

  it('given decimals and 1.1-style labels, when numbered 1., then only the item numbers cut', () => {
    const cell = '1.1-产出指标；14-成本指标；人均成本；实施周期指标值：≤2.5万元；年度指标值：≤2.5万元。2.1-产出指标；11-数量指标；场次；实施周期指标值：≥3场；年度指标值：≥3场。';
    expect(parseIndicatorCell(cell).indicators.map((i) => [i.name, i.annualTarget])).toEqual([
      ['人均成本', '≤2.5万元'],
      ['场次', '≥3场'],
    ]);
  });

  it('given a value that runs over two lines, when read, then the line break stays in the value', () => {
    const { indicators, problems } = parseIndicatorCell(`1、1-产出指标；12-质量指标；质量；实施周期指标值：质量合格；年度指标值：质量合格\n验收通过。2、${B}。`);
    expect(problems).toEqual([]);
    expect(indicators[0]?.annualTarget).toBe('质量合格\n验收通过');
  });
});

describe('round trip', () => {
  const parsed = parsePublishedTable(REFERENCE);

  it('parse(write(parse(reference))) equals parse(reference) apart from line numbers', () => {
    for (const pageBreakEvery of [undefined, 1, 5, 100]) {
      const again = parsePublishedTable(writePublishedTable(parsed.table, { pageBreakEvery }));
      expect(again.issues).toEqual([]);
      expect(withoutLines(again.table)).toEqual(withoutLines(parsed.table));
    }
  });

  it('writes the reference layout itself, with full-width colons and without its page breaks', () => {
    const header = '项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标';
    const lines = REFERENCE.split('\n');
    const firstHeader = lines.indexOf(header);
    const expected = lines
      .filter((line, i) => i <= firstHeader || (line !== header && line !== ''))
      .join('\n')
      .replace(/^\n+/, '')
      .replace(/指标值:/g, '指标值：');
    expect(writePublishedTable(parsed.table)).toBe(`${expected}\n`);
  });
});
