import {
  type Actor,
  DomainError,
  type ParsedPublishedTable,
  parsePublishedRecords,
  parsePublishedTable,
  publishedDepartmentOf,
  publishedDepartmentOfText,
} from '@budget/domain';
import { departmentIdFor } from '../../infrastructure/organisation-directory';
import { type ImportWorkLimits } from './import-limits';
import { openWorkbook } from './xlsx-reader';
import { tableSheet } from './xlsx-table';

/** The table as text (tab- or comma-separated) or as the bytes of an .xlsx workbook. */
export type ImportSource = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'xlsx'; readonly bytes: Buffer };

/**
 * Reads the table within the limits, deciding first, from the rows before its header, whether
 * the caller may import it at all: a department reviewer's request for another department's
 * table is refused before its body is read. The same reading either way: an xlsx's rows go
 * through the text layout's parser.
 */
export function readTable(actor: Actor, source: ImportSource, limits: ImportWorkLimits): ParsedPublishedTable {
  if (source.kind === 'text') {
    authorizeDepartment(actor, publishedDepartmentOfText(source.text));
    return parsePublishedTable(source.text, { limits: limits.table });
  }
  const sheet = tableSheet(openWorkbook(source.bytes, limits.xlsx));
  authorizeDepartment(actor, publishedDepartmentOf(sheet.rows()));
  return parsePublishedRecords([...sheet.rows()], { limits: limits.table });
}

export function authorizeDepartment(actor: Actor, departmentName: string | null): void {
  if (actor.role !== 'department_reviewer') return;
  if (departmentName === null) {
    throw new DomainError('VALIDATION_FAILED', '不是项目支出绩效目标表：表头之前缺少“部门名称：…”行', { line: null });
  }
  if (actor.departmentId !== departmentIdFor(departmentName.trim())) {
    throw new DomainError('FORBIDDEN', `您只能导入本部门的绩效目标表，该表属于“${departmentName}”`);
  }
}
