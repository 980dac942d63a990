import { fieldPathLabel, UI } from '../../labels';

/** Fields of the reporting service's rows that are not sheet fields (a diff of the consolidated table). */
const TABLE_FIELDS: Record<string, string> = {
  title: UI.projectName,
  name: UI.projectName,
  departmentName: UI.department,
};

/**
 * A field path of the reporting service in words: the domain's words for sheet, review and finding
 * paths (`indicators[2].annualTarget` → 第3个指标 · 年度指标值, `review.status` → 审核状态), and the table's own.
 */
export function fieldLabel(path: string): string {
  return TABLE_FIELDS[path] ?? fieldPathLabel(path);
}
