import { findLevel1, formatLevelLabel, LEVEL1_INDICATORS, LEVEL2_INDICATORS } from '@budget/domain';

export interface Option {
  readonly value: string;
  readonly label: string;
}

/** 一级指标 as the published table writes them (`1-产出指标`); a label outside the framework stays selectable as entered. */
export function level1Options(current: string): Option[] {
  const options = LEVEL1_INDICATORS.map((l) => ({ value: formatLevelLabel(l), label: formatLevelLabel(l) }));
  return withCurrent(options, current);
}

/** The 二级指标 under the chosen 一级 (none until one is chosen). */
export function level2Options(level1: string, current: string): Option[] {
  const parent = findLevel1(level1);
  const options = parent ? LEVEL2_INDICATORS.filter((l) => l.level1Code === parent.code).map((l) => ({ value: formatLevelLabel(l), label: formatLevelLabel(l) })) : [];
  return withCurrent(options, current);
}

function withCurrent(options: Option[], current: string): Option[] {
  return current === '' || options.some((o) => o.value === current) ? options : [{ value: current, label: current }, ...options];
}
