import { parsePublishedTable, type PublishedProject, type PublishedTable } from '../published-table';
import { type SheetContent } from '../sheet/sheet.types';
import { targetValue } from '../target-value';
import { checkTableTotals } from './amounts';
import { evaluateRules } from './evaluate';
import { type Finding } from './finding';
import { readReferenceTable } from '../report/testing/reference-table';

/*
 * The issue's end-to-end expectation on the reference table (the Liwan District CPC Organization
 * Department's published 项目支出绩效目标表): the ten sheets other than ZXRCBT raise no blocking
 * finding; ZXRCBT (no goal, no indicators, an opaque name) raises S01 and S02 (blocking) and S11;
 * 干部工作经费 carries V06 for `3000件` vs `>3000件`. Every finding on every sheet is listed below,
 * so a change in any rule's behaviour on real data shows up here.
 */


function toSheet(project: PublishedProject, unitIndex: number, projectIndex: number): SheetContent {
  return {
    sheetId: `sheet-${unitIndex}-${projectIndex}`,
    fiscalYear: 2024,
    departmentId: 'liwan-org',
    unitId: `unit-${unitIndex}`,
    projectName: project.name,
    funding: project.funding,
    goal: project.goal,
    indicators: project.indicators.map((ind, i) => ({
      indicatorId: `ind-${i}`,
      level1: ind.level1,
      level2: ind.level2,
      name: ind.name,
      periodTarget: targetValue(ind.periodTarget),
      annualTarget: targetValue(ind.annualTarget),
    })),
  };
}

const parsed = parsePublishedTable(readReferenceTable());
const table: PublishedTable = parsed.table;
const evaluated = table.units.flatMap((u, ui) =>
  u.projects.map((p, pi) => ({
    name: p.name,
    findings: evaluateRules(toSheet(p, ui, pi), undefined, { writtenTotal: p.writtenTotal }),
  })),
);

const keys = (findings: readonly Finding[]) => findings.map((f) => `${f.ruleId}:${f.severity}@${f.field}`);
const findingsOf = (name: string): Finding[] => {
  const found = evaluated.find((e) => e.name === name);
  if (!found) throw new Error(`no project ${name}`);
  return found.findings;
};

/** S05 (no 满意度) and S06 (no 成本): the reference predates 财预〔2021〕101号's cost indicators. */
const NO_SATISFACTION_NO_COST = ['S05:W@indicators', 'S06:W@indicators'];

const EXPECTED: Record<string, string[]> = {
  关爱党员专项经费: [...NO_SATISFACTION_NO_COST, 'V11:I@indicators[3].periodTarget'],
  干部工作经费: [
    ...NO_SATISFACTION_NO_COST,
    'V06:W@indicators[0].annualTarget', // 3000件 vs >3000件
    'V10:W@indicators[2].annualTarget', // 根据工作需要推进落实
  ],
  区人才日常工作经费: [
    ...NO_SATISFACTION_NO_COST,
    'V06:W@indicators[0].annualTarget', // 组织不少于2场人才活动 vs ≥2次: 场 and 次
    'V11:I@indicators[1].periodTarget',
    'V11:I@indicators[1].annualTarget',
    'V11:I@indicators[2].periodTarget',
    'V11:I@indicators[3].annualTarget',
  ],
  组织工作经费: [
    ...NO_SATISFACTION_NO_COST,
    'V06:W@indicators[1].annualTarget', // 文书档案整理份数3000份 vs 大于3000份
    'V07:W@indicators[3].annualTarget', // 时效指标 根据上级统一部署完成: no deadline
    'V10:W@indicators[4].annualTarget', // 提高群众向心力
  ],
  社区两委正职政府奖励津贴: [
    ...NO_SATISFACTION_NO_COST,
    'V10:W@indicators[2].annualTarget', // 及时汇总统计…做好津贴经费保障工作
    'V10:W@indicators[3].annualTarget', // 提升
    'V11:I@indicators[2].periodTarget',
    'V11:I@indicators[2].annualTarget',
  ],
  '镇(街)党建工作指导员工资补助经费': [...NO_SATISFACTION_NO_COST, 'V10:W@indicators[2].annualTarget'], // 提升工作积极性
  专项巡查经费: ['S06:W@indicators', 'V10:W@indicators[2].annualTarget'], // 绿美广东工作得到推进
  ZXRCBT: ['S01:B@goal', 'S02:B@indicators', 'S11:W@projectName'],
  党群服务中心业务工作经费: [...NO_SATISFACTION_NO_COST, 'V10:W@indicators[2].annualTarget'], // 按计划每月完成
  党史研究专项经费: [
    ...NO_SATISFACTION_NO_COST,
    'V10:W@indicators[2].annualTarget', // 得到上级党史文献部门认可
    'V10:W@indicators[3].annualTarget', // 发党史宣教资料到各单位
  ],
  电教中心业务工作经费: [
    ...NO_SATISFACTION_NO_COST,
    'V05:W@indicators[0].annualTarget', // ≥1 (部 is only in the 实施周期指标值)
    'V05:W@indicators[2].periodTarget', // 观看人数不少于3000
    'V05:W@indicators[2].annualTarget', // ≥3000
    'V11:I@indicators[2].periodTarget',
  ],
};

describe('the rules on the reference table', () => {
  it('reads the table without an issue: 4 units, 11 projects', () => {
    expect(parsed.issues).toEqual([]);
    expect(table.units).toHaveLength(4);
    expect(evaluated.map((e) => e.name)).toEqual(Object.keys(EXPECTED));
  });

  it('raises no blocking finding on the ten sheets other than ZXRCBT', () => {
    const blocking = evaluated.filter((e) => e.name !== 'ZXRCBT').flatMap((e) => e.findings.filter((f) => f.severity === 'B'));
    expect(blocking).toEqual([]);
  });

  it('blocks ZXRCBT for its missing goal and indicators, and warns about its name', () => {
    const findings = findingsOf('ZXRCBT');
    expect(keys(findings)).toEqual(['S01:B@goal', 'S02:B@indicators', 'S11:W@projectName']);
    expect(findings[2]?.values).toEqual({ projectName: 'ZXRCBT', codeLike: true });
  });

  it('warns on 干部工作经费’s `3000件` vs `>3000件` (V06)', () => {
    const v06 = findingsOf('干部工作经费').filter((f) => f.ruleId === 'V06');
    expect(v06).toHaveLength(1);
    expect(v06[0]).toMatchObject({
      severity: 'W',
      field: 'indicators[0].annualTarget',
      values: { periodTarget: '3000件', annualTarget: '>3000件', implementationYears: null },
    });
  });

  it.each(Object.entries(EXPECTED))('%s: exactly the expected findings', (name, expected) => {
    expect(keys(findingsOf(name))).toEqual(expected);
  });

  it('keeps the text as entered in V11 findings', () => {
    const v11 = findingsOf('区人才日常工作经费').find((f) => f.field === 'indicators[3].annualTarget');
    expect(v11?.values).toEqual({ text: '年底前 完成', normalised: '年底前完成' });
  });

  it('finds every unit and the 合计 adding up (A01/A03)', () => {
    expect(checkTableTotals(table)).toEqual([]);
  });

  it('blocks a tampered unit total (A03)', () => {
    const [first, ...rest] = table.units;
    if (!first) throw new Error('no unit');
    const tampered: PublishedTable = {
      ...table,
      units: [{ ...first, funding: { ...first.funding, fiscalAppropriation: first.funding.fiscalAppropriation + 1_000_000 } }, ...rest],
    };
    expect(keys(checkTableTotals(tampered))).toEqual(['A01:B@units[0].funding.total', 'A03:B@units[0].funding.fiscalAppropriation']);
  });
});
