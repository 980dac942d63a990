import type { Finding } from '@budget/domain';
import { SHEET_FIELD_LABELS, SHEETS } from '../../labels';

const LABELS: Record<string, string> = SHEET_FIELD_LABELS;

/** A finding's field path in words: `indicators[2].annualTarget` → 第 3 个指标 · 年度指标值. */
export function fieldLabel(path: string): string {
  const indicator = /^indicators\[(\d+)\](?:\.(\w+))?$/.exec(path);
  if (indicator) {
    const n = SHEETS.indicatorN(Number(indicator[1]) + 1);
    return indicator[2] ? `${n} · ${LABELS[indicator[2]] ?? indicator[2]}` : n;
  }
  return path
    .split('.')
    .map((part) => LABELS[part] ?? part)
    .join(' · ');
}

/** The findings about a field or anything under it (`funding` covers `funding.total`). */
export function findingsAt(findings: readonly Finding[], prefix: string): Finding[] {
  return findings.filter((f) => f.field === prefix || f.field.startsWith(`${prefix}.`) || f.field.startsWith(`${prefix}[`));
}
