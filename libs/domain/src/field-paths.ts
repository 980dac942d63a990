import { SHEET_FIELD_LABELS } from './sheet/sheet.labels';

/**
 * Field paths in words, the one place every screen, history and export takes them from.
 * Paths are those of findings, revision reasons, diffs and histories: `goal`, `funding.total`,
 * `indicators[2].annualTarget`, `indicators.order`, `status`, `review.currentLevel`,
 * `findings[S05@indicators[1].name].waiver` (a finding's key is `<rule id>@<field path>`).
 */

/** `第3个指标`: indicators are numbered from 1 for people, from 0 in paths. */
export function indicatorOrdinal(index: number): string {
  return `第${index + 1}个指标`;
}

/** Paths of states and reviews that are not fields of the sheet's content. */
export const STATE_FIELD_LABELS: Readonly<Record<string, string>> = {
  status: '状态',
  'review.status': '审核状态',
  'review.currentLevel': '当前审核环节',
  'review.grade': '审核等级',
  'indicators.order': '指标顺序',
};

/** What a history says about one finding: its waiver, the levels that acknowledged it. */
export const FINDING_PART_LABELS: Readonly<Record<string, string>> = {
  waiver: '豁免',
  acknowledgedBy: '已确认预警',
  status: '状态',
};

const FIELD_WORDS: Readonly<Record<string, string>> = SHEET_FIELD_LABELS;
const INDICATOR = /^indicators\[(\d+)\](?:\.(\w+))?$/;
const FINDING = /^findings\[(.+)\]\.(\w+)$/;

/** `S05@indicators[1].name` → `S05（第2个指标 · 三级指标）`; a key without `@` is shown as it is. */
export function findingKeyLabel(key: string): string {
  const at = key.indexOf('@');
  if (at < 0) return key;
  return `${key.slice(0, at)}（${fieldPathLabel(key.slice(at + 1))}）`;
}

/** A field path in words; a path nobody named is shown as it is rather than guessed. */
export function fieldPathLabel(path: string): string {
  const indicator = INDICATOR.exec(path);
  if (indicator) {
    const ordinal = indicatorOrdinal(Number(indicator[1]));
    const sub = indicator[2];
    return sub ? `${ordinal} · ${FIELD_WORDS[sub] ?? sub}` : ordinal;
  }
  const finding = FINDING.exec(path);
  if (finding) {
    const part = finding[2] ?? '';
    return `审核发现 ${findingKeyLabel(finding[1] ?? '')} · ${FINDING_PART_LABELS[part] ?? part}`;
  }
  const state = STATE_FIELD_LABELS[path];
  if (state) return state;
  const last = path.split('.').pop() ?? path;
  return FIELD_WORDS[path] ?? FIELD_WORDS[last] ?? path;
}
