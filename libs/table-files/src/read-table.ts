import { type ParsedPublishedTable, parsePublishedRecords, parsePublishedTable, publishedDepartmentOf, publishedDepartmentOfText } from '@budget/domain';
import { type ImportWorkLimits } from './import-limits';
import { openWorkbook } from './xlsx/xlsx-reader';
import { tableSheet } from './xlsx/xlsx-table';

/** The table as text (tab- or comma-separated) or as the bytes of an .xlsx workbook. */
export type ImportSource = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'xlsx'; readonly bytes: Buffer };

/**
 * Reads the table within the limits. The department it names (the rows before its header) is
 * shown to `beforeParsing` first, so a caller may refuse a table before its body is read. The
 * same reading either way: an xlsx's rows go through the text layout's parser.
 */
export function readTableSource(source: ImportSource, limits: ImportWorkLimits, beforeParsing: (departmentName: string | null) => void): ParsedPublishedTable {
  if (source.kind === 'text') {
    beforeParsing(publishedDepartmentOfText(source.text));
    return parsePublishedTable(source.text, { limits: limits.table });
  }
  const sheet = tableSheet(openWorkbook(source.bytes, limits.xlsx));
  beforeParsing(publishedDepartmentOf(sheet.rows()));
  return parsePublishedRecords([...sheet.rows()], { limits: limits.table });
}
