import { DEFAULT_IMPORT_LIMITS, type ImportLimits } from '@budget/domain';
import { DEFAULT_XLSX_LIMITS, type XlsxLimits } from './xlsx/xlsx-reader';

/** What one import or template upload may ask of the service; a request beyond it gets 413 in words. */
export interface ImportWorkLimits {
  readonly table: ImportLimits;
  readonly xlsx: XlsxLimits;
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return n;
}

/**
 * IMPORT_MAX_ROWS (50,000), IMPORT_MAX_INDICATORS (500,000), IMPORT_MAX_CELL_CHARS (32,767, Excel's
 * own), IMPORT_MAX_XLSX_UNCOMPRESSED_MB (256). The request bodies themselves are limited by the
 * platform's parsers (10 MB of text, 50 MB of workbook).
 */
export function importWorkLimits(env: NodeJS.ProcessEnv = process.env): ImportWorkLimits {
  const maxRows = positive(env, 'IMPORT_MAX_ROWS', DEFAULT_IMPORT_LIMITS.maxRows);
  return {
    table: {
      maxRows,
      maxIndicators: positive(env, 'IMPORT_MAX_INDICATORS', DEFAULT_IMPORT_LIMITS.maxIndicators),
      maxCellChars: positive(env, 'IMPORT_MAX_CELL_CHARS', DEFAULT_IMPORT_LIMITS.maxCellChars),
    },
    xlsx: {
      maxRows,
      maxUncompressedBytes: positive(env, 'IMPORT_MAX_XLSX_UNCOMPRESSED_MB', DEFAULT_XLSX_LIMITS.maxUncompressedBytes / 1024 / 1024) * 1024 * 1024,
    },
  };
}
