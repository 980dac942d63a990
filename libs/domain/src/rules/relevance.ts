import { type SheetContent } from '../sheet/sheet.types';
import { compareDecimals } from '../target-value';
import { amountProblem } from './amounts';
import { DEFAULT_RULE_CONFIG, sloganRegExps, type RuleConfig } from './config';
import { type Finding } from './finding';
import { finding, indicatorField, ordinal, wan } from './support';

/**
 * R01: a large project (总计 ≥ the configured amount, default 400 万元) has more than the
 * configured number of indicators (default 3). A project without indicators is S02's.
 */
export function ruleR01LargeProjectIndicators(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const f = content.funding;
  const parts = [f.fiscalAppropriation, f.specialAccountAppropriation, f.otherFunds];
  if (parts.some((v) => amountProblem(v) !== null)) return [];
  const total = parts.reduce((s, v) => s + BigInt(v), 0n);
  const count = content.indicators.length;
  if (total < BigInt(config.largeProjectMinTotal) || count === 0 || count > config.largeProjectMaxIndicators) return [];
  return [
    finding(
      'R01',
      'indicators',
      `项目总计${wan(total)}万元，属于大额项目（${wan(config.largeProjectMinTotal)}万元及以上），但只有${count}个绩效指标。请补充能全面反映产出和效益的指标。`,
      { total: Number(total), indicatorCount: count, largeProjectMinTotal: config.largeProjectMinTotal, maxIndicators: config.largeProjectMaxIndicators },
    ),
  ];
}

/**
 * R02: a slogan-like 三级 name (configured patterns: 促进…发展, 提升…水平, …) with the value 100 %
 * (`100%`, `=100%`, `≥100%`): a slogan scored as fully achieved says nothing measurable. A value
 * that names what the 100 % is of (`办结率达100%`, `100%完成率`) is a measurable rate, so it does
 * not count. The finding sits on the name, which is what should become concrete.
 */
export function ruleR02SloganWithFullMarks(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const patterns = sloganRegExps(config);
  const out: Finding[] = [];
  content.indicators.forEach((ind, i) => {
    const q = ind.annualTarget.parsed;
    if (q.kind !== 'quantitative' || !q.isPercent || compareDecimals(q.number, '100') !== 0) return;
    if ((q.comparator !== '=' && q.comparator !== '>=') || q.subject || q.qualifier || q.base) return;
    const pattern = patterns.find((p) => p.test(ind.name));
    if (!pattern) return;
    out.push(
      finding(
        'R02',
        indicatorField(i, 'name'),
        `${ordinal(i)}的三级指标“${ind.name}”是口号式表述，年度指标值却为“${ind.annualTarget.text}”，无法衡量。请改为具体、可衡量的指标。`,
        { name: ind.name, annualTarget: ind.annualTarget.text, pattern: pattern.source },
      ),
    );
  });
  return out;
}
