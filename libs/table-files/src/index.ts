export * from './export.types';
export { tableChecksum } from './checksum';
export { writeExport, exportSourceFor } from './write-export';
export { writeTxt } from './txt.writer';
export { writeCsv } from './csv.writer';
export { writeXlsx, wanYuan, TABLE_SHEET_NAME, METADATA_SHEET_NAME, XLSX_HEADER_ROW } from './xlsx.writer';
export { writeHtml, escapeHtml } from './html.writer';
