import { EXPORT_MEDIA, type ExportFormat } from '@budget/table-files';
import { type BuiltTable } from '../../reports/report.service';

/** 部门-年度项目支出绩效目标表[-截至位置].扩展名, with the characters no file system takes replaced. */
export function exportFileName(built: BuiltTable, format: ExportFormat): string {
  const moment = built.asOf.kind === 'latest' ? '' : `-截至${built.table.asOf.globalPosition ?? '0'}`;
  const unit = built.restrictedToUnit ? `-${built.table.units[0]?.name ?? built.restrictedToUnit}` : '';
  const name = `${built.department.name}${unit}-${built.fiscalYear}年度项目支出绩效目标表${moment}.${EXPORT_MEDIA[format].extension}`;
  return name.replace(/[\\/:*?"<>|\r\n\t]+/g, '_');
}

/** An attachment with a UTF-8 name (RFC 6266 / 5987) and an ASCII fallback for old clients. */
export function contentDisposition(name: string, format: ExportFormat, fiscalYear: number): string {
  return `attachment; filename="report-${fiscalYear}.${EXPORT_MEDIA[format].extension}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
