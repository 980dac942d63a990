import { findLevel1, findLevel2, level2BelongsToLevel1, resolveLevels, splitLevelLabel } from '../indicator-framework';
import { type SheetContent } from '../sheet/sheet.types';
import { DEFAULT_RULE_CONFIG, type RuleConfig } from './config';
import { type Finding } from './finding';
import {
  classify,
  comparable,
  finding,
  indicatorField,
  isBlank,
  isCost,
  isOutcome,
  isOutput,
  isQuantity,
  isSatisfaction,
  ordinal,
  visibleLength,
} from './support';

/*
 * Structure rules S01–S11. Rules about the set of indicators (S04–S07) say nothing when there is
 * no indicator at all: S02 already blocks that, and one finding per problem is what the clerk
 * needs. Likewise S10 is silent on an empty goal (S01).
 */

/** S01: the goal (绩效目标) is not empty. */
export function ruleS01GoalPresent(content: SheetContent): Finding[] {
  if (!isBlank(content.goal)) return [];
  return [finding('S01', 'goal', '未填写绩效目标。请说明项目资金预期达到的产出和效果。', { goal: content.goal })];
}

const S02_LABELS = { level1: '一级指标', level2: '二级指标', name: '三级指标' } as const;

/**
 * S02: at least one indicator, and every indicator has its 一级, 二级, 三级 and 年度指标值.
 * Only blank fields count here; a placeholder such as `**` in the 年度指标值 is V01's.
 */
export function ruleS02IndicatorsComplete(content: SheetContent): Finding[] {
  if (content.indicators.length === 0) {
    return [finding('S02', 'indicators', '未填写绩效指标。请至少填写一个绩效指标。', { indicatorCount: 0 })];
  }
  const out: Finding[] = [];
  content.indicators.forEach((ind, i) => {
    for (const key of ['level1', 'level2', 'name'] as const) {
      if (isBlank(ind[key])) {
        out.push(finding('S02', indicatorField(i, key), `${ordinal(i)}未填写${S02_LABELS[key]}。`, { [key]: ind[key] }));
      }
    }
    if (isBlank(ind.annualTarget.text)) {
      out.push(finding('S02', indicatorField(i, 'annualTarget'), `${ordinal(i)}未填写年度指标值。`, { annualTarget: ind.annualTarget.text }));
    }
  });
  return out;
}

/**
 * S03: 一级 and 二级 come from the framework (by name after stripping a trailing 指标, or by
 * code), code and name agree, and the 二级 belongs to its 一级. Blank labels are S02's. A label
 * of an older template that the configured alias table maps (`项目完成指标` → `1-产出指标`) is
 * read as its framework label, with an info finding that records the mapping instead of a block.
 */
export function ruleS03FrameworkLevels(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const out: Finding[] = [];
  content.indicators.forEach((ind, i) => {
    const resolved = resolveLevels(ind.level1, ind.level2, config.frameworkAliases);
    const l1 = isBlank(ind.level1) ? null : resolved.level1;
    const l2 = isBlank(ind.level2) ? null : resolved.level2;
    if (!isBlank(ind.level1) && !l1) {
      out.push(
        finding('S03', indicatorField(i, 'level1'), `${ordinal(i)}的一级指标“${ind.level1}”${whyUnknown(ind.level1, 1)}`, {
          level1: ind.level1,
        }),
      );
    }
    if (!isBlank(ind.level2) && !l2) {
      out.push(
        finding('S03', indicatorField(i, 'level2'), `${ordinal(i)}的二级指标“${ind.level2}”${whyUnknown(ind.level2, 2)}`, {
          level2: ind.level2,
        }),
      );
    }
    if (resolved.via.length > 0 && l1 && l2) {
      const level1 = `${l1.code}-${l1.name}`;
      const level2 = `${l2.code}-${l2.name}`;
      out.push(
        finding(
          'S03',
          indicatorField(i, resolved.via.some((a) => a.level === 1) ? 'level1' : 'level2'),
          `${ordinal(i)}使用旧版指标模板的名称（一级“${ind.level1}”，二级“${ind.level2}”），已按指标别名表对应为一级“${level1}”、二级“${level2}”，原文保留不变。`,
          { level1: ind.level1, level2: ind.level2, mappedLevel1: level1, mappedLevel2: level2, aliases: resolved.via.map((a) => `${a.from}→${a.to}`).join('；') },
          'I',
        ),
      );
      return;
    }
    if (l1 && l2 && !level2BelongsToLevel1(l2, l1)) {
      out.push(
        finding(
          'S03',
          indicatorField(i, 'level2'),
          `${ordinal(i)}的二级指标“${ind.level2}”不属于一级指标“${ind.level1}”，请按指标体系选择。`,
          { level1: ind.level1, level2: ind.level2, level1Code: l1.code, level2Code: l2.code },
        ),
      );
    }
  });
  return out;
}

function whyUnknown(label: string, level: 1 | 2): string {
  const find = level === 1 ? findLevel1 : findLevel2;
  const split = splitLevelLabel(label);
  if (split?.code && split.name !== '' && find(split.code) && find(split.name)) {
    return '的编码与名称不一致，请按指标体系选择。';
  }
  return '不在指标体系中，请按指标体系选择。';
}

/** S04: at least one 产出 (1) and one 效益 (2) indicator; one finding names what is missing. */
export function ruleS04OutputAndOutcome(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  if (content.indicators.length === 0) return [];
  const classes = content.indicators.map((ind) => classify(ind, config));
  const hasOutput = classes.some(isOutput);
  const hasOutcome = classes.some(isOutcome);
  if (hasOutput && hasOutcome) return [];
  const missing = [hasOutput ? null : '产出指标', hasOutcome ? null : '效益指标'].filter((m): m is string => m !== null);
  return [finding('S04', 'indicators', `缺少${missing.join('和')}。每个项目至少应有一个产出指标和一个效益指标。`, { hasOutput, hasOutcome })];
}

/** S05: a 满意度 indicator (一级 3 or 二级 31). */
export function ruleS05Satisfaction(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  if (content.indicators.length === 0 || content.indicators.map((ind) => classify(ind, config)).some(isSatisfaction)) return [];
  return [finding('S05', 'indicators', '未设置满意度指标，建议增加服务对象满意度指标。', { hasSatisfaction: false })];
}

/** S06: a 成本 indicator (二级 14, or 一级 成本 in the newer framework). */
export function ruleS06Cost(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  if (content.indicators.length === 0 || content.indicators.map((ind) => classify(ind, config)).some(isCost)) return [];
  return [finding('S06', 'indicators', '未设置成本指标，建议增加成本指标（如经济成本、单位成本）。', { hasCost: false })];
}

/** S07: the 产出 indicators include a 数量指标 (11). */
export function ruleS07Quantity(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  if (content.indicators.length === 0 || content.indicators.map((ind) => classify(ind, config)).some(isQuantity)) return [];
  return [finding('S07', 'indicators', '产出指标中未设置数量指标，建议增加数量指标。', { hasQuantity: false })];
}

/**
 * S08: no two indicators share a 三级 name, compared without spaces, punctuation and width
 * differences. The finding sits on the later one and names the first.
 */
export function ruleS08UniqueNames(content: SheetContent): Finding[] {
  const out: Finding[] = [];
  const first = new Map<string, number>();
  content.indicators.forEach((ind, i) => {
    const key = comparable(ind.name);
    if (key === '') return;
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, i);
      return;
    }
    out.push(
      finding('S08', indicatorField(i, 'name'), `${ordinal(i)}的三级指标“${ind.name}”与${ordinal(earlier)}重复，请合并或区分。`, {
        name: ind.name,
        duplicateOf: earlier,
      }),
    );
  });
  return out;
}

/** S09: a 三级 name about 满意 (satisfaction) sits under 满意度 (一级 3 / 二级 31). */
export function ruleS09SatisfactionPlacement(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  const out: Finding[] = [];
  content.indicators.forEach((ind, i) => {
    if (!ind.name.includes('满意') || isSatisfaction(classify(ind, config))) return;
    out.push(
      finding('S09', indicatorField(i, 'level1'), `${ordinal(i)}“${ind.name}”是满意度指标，应归入“3-满意度指标”下的“31-服务对象满意度”。`, {
        name: ind.name,
        level1: ind.level1,
        level2: ind.level2,
      }),
    );
  });
  return out;
}

/**
 * S10: the goal is more than the project name and has at least `minGoalLength` characters
 * (spaces not counted). Compared with the name without spaces and punctuation, so
 * `关爱党员专项经费。` is still just the name.
 */
export function ruleS10GoalDescriptive(content: SheetContent, config: RuleConfig = DEFAULT_RULE_CONFIG): Finding[] {
  if (isBlank(content.goal)) return [];
  const length = visibleLength(content.goal);
  const isName = comparable(content.goal) === comparable(content.projectName);
  const tooShort = length < config.minGoalLength;
  if (!isName && !tooShort) return [];
  const problems = [isName ? '只是项目名称' : null, tooShort ? `只有${length}个字，少于${config.minGoalLength}个字` : null].filter(
    (p): p is string => p !== null,
  );
  return [
    finding('S10', 'goal', `绩效目标${problems.join('，且')}。请具体说明资金用途、预期产出和效果。`, {
      goal: content.goal,
      length,
      minGoalLength: config.minGoalLength,
      sameAsProjectName: isName,
    }),
  ];
}

/**
 * S11: the project name is descriptive. review-rules.md names bare codes and abbreviations such
 * as `ZXRCBT` (no CJK character, all capitals/digits); we warn on any name without a CJK
 * character, since a project name in a Chinese budget with no Chinese word in it says nothing to
 * the public (`zxrcbt`, `2024-01` alike). A blank name (the form requires one) warns too.
 */
export function ruleS11ProjectNameDescriptive(content: SheetContent): Finding[] {
  if (/\p{Script=Han}/u.test(content.projectName)) return [];
  const code = /^[\p{Lu}\d\s\-_./()（）]+$/u.test(content.projectName.trim());
  const message = code
    ? `项目名称“${content.projectName}”只是代码或缩写，请填写能说明项目内容的中文名称。`
    : `项目名称“${content.projectName}”不含中文，请填写能说明项目内容的中文名称。`;
  return [finding('S11', 'projectName', message, { projectName: content.projectName, codeLike: code })];
}
