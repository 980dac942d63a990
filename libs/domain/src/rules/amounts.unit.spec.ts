import { type PublishedTable, type PublishedProject, type PublishedUnit } from '../published-table/model';
import { checkSumOfProjects, checkTableTotals, ruleA01TotalMatchesParts, ruleA02AmountsValid, ruleA04ZeroTotal } from './amounts';
import { evaluateRules } from './evaluate';
import { funding, goodSheet, summary, wanYuan } from './testing/sheet-builder';

describe('A01 总计 equals its parts', () => {
  it('passes a written total equal to the parts', () => {
    const sheet = goodSheet({ funding: funding(20, 5.5, 4.5) });
    expect(ruleA01TotalMatchesParts(sheet, undefined, { writtenTotal: wanYuan(30) })).toEqual([]);
  });

  it('says nothing without a written total: the system derives it', () => {
    expect(ruleA01TotalMatchesParts(goodSheet())).toEqual([]);
  });

  it('blocks an imported total that disagrees', () => {
    const findings = ruleA01TotalMatchesParts(goodSheet({ funding: funding(20, 5.5) }), undefined, { writtenTotal: wanYuan(30) });
    expect(summary(findings)).toEqual(['A01:B@funding.total']);
    expect(findings[0]?.values).toEqual({
      writtenTotal: 30_000_000,
      derivedTotal: 25_500_000,
      writtenTotalWan: '30.00',
      derivedTotalWan: '25.50',
    });
    expect(findings[0]?.message).toContain('填写的总计30.00万元不等于财政拨款、财政专户拨款、其他资金之和25.50万元');
  });

  it('runs through evaluateRules with the context', () => {
    expect(summary(evaluateRules(goodSheet(), undefined, { writtenTotal: wanYuan(31) }))).toEqual(['A01:B@funding.total']);
  });
});

describe('A02 valid amounts', () => {
  it('passes amounts of whole 元 and zeros', () => {
    expect(ruleA02AmountsValid(goodSheet({ funding: { fiscalAppropriation: 100, specialAccountAppropriation: 0, otherFunds: 302_200_000 } }))).toEqual([]);
  });

  it.each<[string, number]>([
    ['negative', -1_000_000],
    ['not an integer of 分', 0.5],
    ['not a number', Number.NaN],
    ['beyond a safe integer', 2 ** 53],
    ['odd 分 (6 decimals of 万元)', 1_000_001],
  ])('blocks an amount that is %s', (_what, amount) => {
    const findings = ruleA02AmountsValid(goodSheet({ funding: { fiscalAppropriation: 0, specialAccountAppropriation: amount, otherFunds: 0 } }));
    expect(summary(findings)).toEqual(['A02:B@funding.specialAccountAppropriation']);
    expect(findings[0]?.message).toMatch(/^财政专户拨款.+金额以万元填写，不小于0，最多4位小数。$/);
  });

  it('checks an imported written total as funding.total, and A01 then stays silent', () => {
    const context = { writtenTotal: -5 };
    expect(summary(ruleA02AmountsValid(goodSheet(), undefined, context))).toEqual(['A02:B@funding.total']);
    expect(ruleA01TotalMatchesParts(goodSheet(), undefined, context)).toEqual([]);
  });
});

describe('A04 zero total', () => {
  it('passes a funded project', () => {
    expect(ruleA04ZeroTotal(goodSheet())).toEqual([]);
  });

  it('warns on a project whose total is 0', () => {
    expect(summary(ruleA04ZeroTotal(goodSheet({ funding: funding(0) })))).toEqual(['A04:W@funding.total']);
  });
});

function project(name: string, fiscalWan: number, otherWan = 0): PublishedProject {
  const f = funding(fiscalWan, 0, otherWan);
  return { name, funding: f, writtenTotal: wanYuan(fiscalWan + otherWan), goal: '目标', indicators: [], line: 1 };
}

function unit(name: string, fiscalWan: number, projects: PublishedProject[], writtenWan = fiscalWan): PublishedUnit {
  return { name, funding: funding(fiscalWan), writtenTotal: wanYuan(writtenWan), projects, line: 1 };
}

function table(units: PublishedUnit[], grandWan: number): PublishedTable {
  return {
    title: '项目支出绩效目标表（含转移支付项目）',
    departmentName: '组织部',
    displayUnit: '万元',
    grandTotal: { funding: funding(grandWan), writtenTotal: wanYuan(grandWan) },
    units,
  };
}

describe('A03 totals equal the sum of the projects (checkTableTotals)', () => {
  it('passes a table that adds up', () => {
    const t = table([unit('组织部', 40, [project('甲', 30), project('乙', 10)]), unit('党史研究室', 3, [project('丙', 3)])], 43);
    expect(checkTableTotals(t)).toEqual([]);
  });

  it('blocks a unit whose amounts differ from its projects, per column (the 合计 still adds up)', () => {
    const t = table([unit('组织部', 41, [project('甲', 30), project('乙', 10)]), unit('党史研究室', 3, [project('丙', 3)])], 43);
    const findings = checkTableTotals(t);
    expect(summary(findings)).toEqual(['A03:B@units[0].funding.fiscalAppropriation', 'A03:B@units[0].funding.total']);
    expect(findings[0]?.message).toBe('单位“组织部”的财政拨款41.00万元与其项目之和40.00万元不一致。');
    expect(findings[0]?.values).toMatchObject({ stated: 41_000_000, sumOfProjects: 40_000_000, projectCount: 2 });
  });

  it('blocks a 合计 that differs from all projects', () => {
    const t = table([unit('组织部', 40, [project('甲', 30), project('乙', 10)])], 40.5);
    expect(summary(checkTableTotals(t))).toEqual(['A03:B@grandTotal.funding.fiscalAppropriation', 'A03:B@grandTotal.funding.total']);
  });

  it('reports A01 for a unit row whose written 总计 is not the sum of its parts', () => {
    const t = table([unit('组织部', 40, [project('甲', 30), project('乙', 10)], 45)], 40);
    const findings = checkTableTotals(t);
    expect(summary(findings)).toEqual(['A01:B@units[0].funding.total', 'A03:B@units[0].funding.total']);
  });

  it('compares with other funds too', () => {
    const t = table([unit('组织部', 40, [project('甲', 30, 2), project('乙', 10)])], 40);
    expect(summary(checkTableTotals(t))).toContain('A03:B@units[0].funding.otherFunds');
  });
});

describe('checkSumOfProjects over sheets', () => {
  it('sums exactly beyond 2^53 分 without throwing', () => {
    const big = { fiscalAppropriation: 2 ** 52, specialAccountAppropriation: 0, otherFunds: 0 };
    const findings = checkSumOfProjects('units[0]', '单位“甲”', { funding: big }, [big, big, big]);
    expect(findings.map((f) => f.values['sumOfProjectsWan'])).toEqual(['13510798882.111488', '13510798882.111488']);
  });

  it('skips a column holding an amount that is not 分 (A02 reports it)', () => {
    const bad = { fiscalAppropriation: 0.5, specialAccountAppropriation: 0, otherFunds: 0 };
    expect(checkSumOfProjects('units[0]', '单位“甲”', { funding: funding(0) }, [bad])).toEqual([]);
  });
});
