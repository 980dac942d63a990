/**
 * The indicator framework (绩效指标体系): first-level and second-level indicators with the codes
 * the reference table writes (`1-产出指标`, `11-数量指标`).
 *
 * The newer central and provincial templates (财预〔2021〕101号) make 成本指标 a first level of its
 * own with 经济成本, 社会成本, 生态环境成本 under it. No code is printed for it in the reference,
 * so we give it 4 and 41/42/43: the next free first-level digit, which keeps the codes 1–3 the
 * reference uses unchanged and keeps the invariant "a second-level code starts with its
 * first-level code". Both frameworks stay valid side by side (review-rules.md S06: a 成本
 * indicator is 二级 14 or 一级 4).
 */

export interface Level1Indicator {
  readonly code: string;
  readonly name: string;
}

export interface Level2Indicator {
  readonly code: string;
  readonly name: string;
  readonly level1Code: string;
}

/** A label resolved against the framework: the canonical code and name. */
export interface LevelLabel {
  readonly code: string;
  readonly name: string;
}

export const LEVEL1_INDICATORS: readonly Level1Indicator[] = Object.freeze([
  { code: '1', name: '产出指标' },
  { code: '2', name: '效益指标' },
  { code: '3', name: '满意度指标' },
  { code: '4', name: '成本指标' },
]);

export const LEVEL2_INDICATORS: readonly Level2Indicator[] = Object.freeze([
  { code: '11', name: '数量指标', level1Code: '1' },
  { code: '12', name: '质量指标', level1Code: '1' },
  { code: '13', name: '时效指标', level1Code: '1' },
  { code: '14', name: '成本指标', level1Code: '1' },
  { code: '21', name: '经济效益', level1Code: '2' },
  { code: '22', name: '社会效益', level1Code: '2' },
  { code: '23', name: '生态效益', level1Code: '2' },
  { code: '24', name: '可持续影响', level1Code: '2' },
  { code: '31', name: '服务对象满意度', level1Code: '3' },
  { code: '41', name: '经济成本', level1Code: '4' },
  { code: '42', name: '社会成本', level1Code: '4' },
  { code: '43', name: '生态环境成本', level1Code: '4' },
]);

/**
 * Splits a label as written into its code and name, without looking anything up:
 * `1-产出指标`, `1－产出指标`, `11 数量指标`, `产出` (no code), `1` (no name).
 */
export function splitLevelLabel(label: string): { readonly code: string | null; readonly name: string } | null {
  const s = label
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\s+/g, '');
  if (s === '') return null;
  const m = /^(\d+)[-—–‐_.、]?(.*)$/.exec(s);
  if (!m) return { code: null, name: s };
  return { code: m[1] ?? null, name: m[2] ?? '' };
}

/** S03: names match after stripping a trailing 指标 (`产出` = `产出指标`, `社会效益指标` = `社会效益`). */
function nameKey(name: string): string {
  return name.replace(/指标$/, '');
}

// Labels repeat across a city's sheets: lookups are memoised per table (bounded).
const resolved = new Map<readonly unknown[], Map<string, unknown>>();

function resolve<T extends { readonly code: string; readonly name: string }>(table: readonly T[], label: string): T | null {
  let memo = resolved.get(table);
  if (!memo) {
    memo = new Map();
    resolved.set(table, memo);
  }
  if (memo.has(label)) return memo.get(label) as T | null;
  if (memo.size >= 10_000) memo.clear();
  const found = lookUp(table, label);
  memo.set(label, found);
  return found;
}

function lookUp<T extends { readonly code: string; readonly name: string }>(table: readonly T[], label: string): T | null {
  const split = splitLevelLabel(label);
  if (!split) return null;
  const byName = split.name === '' ? null : (table.find((l) => nameKey(l.name) === nameKey(split.name)) ?? null);
  if (split.code === null) return byName;
  const byCode = table.find((l) => l.code === split.code) ?? null;
  // A code with a name that belongs elsewhere (`2-产出指标`) is not a framework label (S03).
  if (split.name !== '' && byCode !== byName) return null;
  return byCode;
}

/** The first-level indicator a label names, or null when unknown or when its code and name disagree. */
export function findLevel1(label: string): Level1Indicator | null {
  return resolve(LEVEL1_INDICATORS, label);
}

/** The second-level indicator a label names, or null when unknown or when its code and name disagree. */
export function findLevel2(label: string): Level2Indicator | null {
  return resolve(LEVEL2_INDICATORS, label);
}

/**
 * Resolves a label of either level to its canonical code and name: `1-产出指标`, `1－产出指标`,
 * `产出指标` and `产出` all give `{ code: '1', name: '产出指标' }`. A one-digit code is read as a
 * first level, a two-digit one as a second level; a bare name is looked up among first levels
 * first, so `成本指标` alone is the newer first level 4 (use findLevel2 for the 二级 column).
 */
export function parseLevelLabel(label: string): LevelLabel | null {
  const split = splitLevelLabel(label);
  if (!split) return null;
  const found =
    split.code === null
      ? (findLevel1(label) ?? findLevel2(label))
      : split.code.length === 1
        ? findLevel1(label)
        : findLevel2(label);
  return found ? { code: found.code, name: found.name } : null;
}

/** `1-产出指标`, as the published table writes a level. */
export function formatLevelLabel(level: { readonly code: string; readonly name: string }): string {
  return `${level.code}-${level.name}`;
}

/** Whether the second level sits under the first; labels that do not resolve belong nowhere. */
export function level2BelongsToLevel1(level2: Level2Indicator | string, level1: Level1Indicator | string): boolean {
  const l2 = typeof level2 === 'string' ? findLevel2(level2) : level2;
  const l1 = typeof level1 === 'string' ? findLevel1(level1) : level1;
  return l1 !== null && l2 !== null && l2.level1Code === l1.code;
}

// ---- older templates ---------------------------------------------------------------------

/**
 * A label of an older template and the current framework label it stands for, e.g. 一级
 * `项目完成指标` → `1-产出指标` (the 2015 template's names). Matched by name after stripping a
 * trailing 指标 and any code, as S03 matches names.
 */
export interface FrameworkAlias {
  readonly level: 1 | 2;
  readonly from: string;
  readonly to: string;
}

/** The older templates' labels departments still use (财预〔2015〕88号 annex and provincial variants). */
export const DEFAULT_FRAMEWORK_ALIASES: readonly FrameworkAlias[] = Object.freeze([
  { level: 1, from: '项目完成指标', to: '1-产出指标' },
  { level: 1, from: '项目效益指标', to: '2-效益指标' },
  { level: 1, from: '满意度', to: '3-满意度指标' },
  { level: 2, from: '满意度指标', to: '31-服务对象满意度' },
  { level: 2, from: '社会公众或服务对象满意度指标', to: '31-服务对象满意度' },
  { level: 2, from: '服务对象满意度指标', to: '31-服务对象满意度' },
  { level: 2, from: '社会公众满意度', to: '31-服务对象满意度' },
  { level: 2, from: '可持续影响指标', to: '24-可持续影响' },
  { level: 2, from: '经济效益指标', to: '21-经济效益' },
  { level: 2, from: '社会效益指标', to: '22-社会效益' },
  { level: 2, from: '生态效益指标', to: '23-生态效益' },
]);

/** The alias a label matches at a level, or null. */
export function findAlias(label: string, level: 1 | 2, aliases: readonly FrameworkAlias[]): FrameworkAlias | null {
  const split = splitLevelLabel(label);
  if (!split || split.name === '') return null;
  const key = nameKey(split.name);
  return aliases.find((a) => a.level === level && nameKey(splitLevelLabel(a.from)?.name ?? '') === key) ?? null;
}

/**
 * The framework levels an indicator's 一级 and 二级 stand for, through the aliases where the
 * framework does not know a label. In the older templates 满意度 sat under 项目效益指标: when an
 * aliased 二级 belongs to another 一级 than the aliased 一级, the 二级 decides.
 */
export function resolveLevels(
  level1: string,
  level2: string,
  aliases: readonly FrameworkAlias[],
): { readonly level1: Level1Indicator | null; readonly level2: Level2Indicator | null; readonly via: readonly FrameworkAlias[] } {
  const via: FrameworkAlias[] = [];
  let l1 = findLevel1(level1);
  let l2 = findLevel2(level2);
  if (!l1) {
    const alias = findAlias(level1, 1, aliases);
    const target = alias ? findLevel1(alias.to) : null;
    if (alias && target) {
      l1 = target;
      via.push(alias);
    }
  }
  if (!l2) {
    const alias = findAlias(level2, 2, aliases);
    const target = alias ? findLevel2(alias.to) : null;
    if (alias && target) {
      l2 = target;
      via.push(alias);
    }
  }
  if (via.length > 0 && l1 && l2 && l2.level1Code !== l1.code) {
    l1 = LEVEL1_INDICATORS.find((l) => l.code === l2?.level1Code) ?? l1;
  }
  return { level1: l1, level2: l2, via };
}
