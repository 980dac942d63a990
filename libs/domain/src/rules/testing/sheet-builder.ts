import { FEN_PER_WAN_YUAN, type Funding } from '../../money';
import { type SheetContent, type SheetIndicator } from '../../sheet/sheet.types';
import { targetValue } from '../../target-value';

/** Builders for the rule tests: a sheet that passes every rule, and indicators to vary it with. */

let nextId = 0;

/** An indicator; the 实施周期指标值 defaults to the 年度指标值. */
export function indicator(level1: string, level2: string, name: string, annual: string, period: string = annual): SheetIndicator {
  nextId += 1;
  return {
    indicatorId: `ind-${nextId}`,
    level1,
    level2,
    name,
    periodTarget: targetValue(period),
    annualTarget: targetValue(annual),
  };
}

export const wanYuan = (wan: number): number => wan * FEN_PER_WAN_YUAN;

export function funding(fiscalWan: number, specialWan = 0, otherWan = 0): Funding {
  return { fiscalAppropriation: wanYuan(fiscalWan), specialAccountAppropriation: wanYuan(specialWan), otherFunds: wanYuan(otherWan) };
}

/** One indicator of each kind the rules look for; together they raise no finding. */
export const GOOD_INDICATORS: readonly SheetIndicator[] = [
  indicator('1-产出指标', '11-数量指标', '帮扶党内关爱扶助对象', '≥100人'),
  indicator('1-产出指标', '12-质量指标', '慰问物资质量', '质量合格'),
  indicator('1-产出指标', '13-时效指标', '慰问完成时间', '年底前完成'),
  indicator('1-产出指标', '14-成本指标', '慰问经费', '≤30万元'),
  indicator('2-效益指标', '22-社会效益', '困难党员生活状况', '有所改善'),
  indicator('3-满意度指标', '31-服务对象满意度', '慰问对象满意度', '≥90%'),
];

/** A sheet that passes every rule (evaluateRules gives no finding). */
export function goodSheet(overrides: Partial<SheetContent> = {}): SheetContent {
  return {
    sheetId: 'sheet-1',
    fiscalYear: 2024,
    departmentId: 'dept-org',
    unitId: 'unit-org',
    projectName: '关爱党员专项经费',
    funding: funding(30),
    goal: '通过开展党内关爱扶助工作，体现党的温暖就在身边，增强党组织凝聚力。',
    indicators: GOOD_INDICATORS,
    ...overrides,
  };
}

/** goodSheet() with the indicator at `index` replaced (or appended when index = length). */
export function withIndicator(index: number, replacement: SheetIndicator, base: SheetContent = goodSheet()): SheetContent {
  const indicators = [...base.indicators];
  indicators[index] = replacement;
  return { ...base, indicators };
}

/** goodSheet() with these indicators only. */
export function withIndicators(...indicators: SheetIndicator[]): SheetContent {
  return goodSheet({ indicators });
}

/** `S01:B@goal`: rule, severity and field of each finding, in order. */
export function summary(findings: readonly { ruleId: string; severity: string; field: string }[]): string[] {
  return findings.map((f) => `${f.ruleId}:${f.severity}@${f.field}`);
}
