import { AUDIT, SHEET_FIELD_LABELS, UI } from '../../labels';

const LABELS: Record<string, string> = SHEET_FIELD_LABELS;
const EXTRA: Record<string, string> = {
  status: AUDIT.statusField,
  'review.status': AUDIT.reviewStatus,
  'review.currentLevel': AUDIT.currentLevel,
  'review.grade': AUDIT.grade,
  title: UI.projectName,
  name: UI.projectName,
  departmentName: UI.department,
};

/**
 * A field path of the reporting service in words: `funding.fiscalAppropriation` → 财政拨款,
 * `indicators[2].annualTarget` → 绩效指标 3 · 年度指标值, `review.status` → 审核状态.
 */
export function fieldLabel(path: string): string {
  const indicator = /^indicators\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (indicator) {
    const n = AUDIT.indicator(Number(indicator[1]) + 1);
    const sub = indicator[2];
    return sub ? `${n} · ${LABELS[sub] ?? sub}` : n;
  }
  const finding = /^findings\[([^\]]+)\]\.(\w+)$/.exec(path);
  if (finding) return AUDIT.finding(finding[1] ?? '', AUDIT.findingParts[finding[2] ?? ''] ?? finding[2] ?? '');
  if (EXTRA[path]) return EXTRA[path];
  const last = path.split('.').pop() ?? path;
  return LABELS[path] ?? LABELS[last] ?? path;
}
