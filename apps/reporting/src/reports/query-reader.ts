import { DomainError, type FieldError } from '@budget/domain';
import { EXPORT_FORMATS, type ExportFormat, isExportFormat } from '../exports';
import { type AsOf, parseAsOf } from './as-of';

/**
 * Query-string checks with Chinese field errors, thrown together as one 400 by done(); an unknown
 * parameter is an error too, so a typo never silently means "the default".
 */
export class QueryReader {
  readonly errors: FieldError[] = [];

  constructor(
    private readonly query: Record<string, unknown>,
    allowed: readonly string[],
  ) {
    for (const key of Object.keys(query)) if (!allowed.includes(key)) this.errors.push({ field: key, message: `未知的查询参数（可用：${allowed.join('、')}）` });
  }

  string(key: string, label: string, opts: { required?: boolean } = {}): string | undefined {
    const value = this.query[key];
    if (value === undefined || value === '') {
      if (opts.required) this.errors.push({ field: key, message: `请提供${label}（查询参数 ${key}）` });
      return undefined;
    }
    if (typeof value !== 'string') {
      this.errors.push({ field: key, message: `${label}只能给一个值` });
      return undefined;
    }
    return value;
  }

  fiscalYear(key = 'fiscalYear'): number | undefined {
    const text = this.string(key, '预算年度');
    if (text === undefined) return undefined;
    if (!/^\d{4}$/.test(text) || Number(text) < 2000 || Number(text) > 2100) {
      this.errors.push({ field: key, message: `预算年度必须是 2000 到 2100 之间的四位年份，收到“${text}”` });
      return undefined;
    }
    return Number(text);
  }

  asOf(key: string): AsOf | undefined {
    const text = this.string(key, '时间点');
    try {
      return parseAsOf(text, key);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      this.errors.push({ field: key, message: error.message });
      return undefined;
    }
  }

  boolean(key: string, fallback: boolean): boolean {
    const text = this.string(key, key);
    if (text === undefined) return fallback;
    if (['true', '1', 'yes'].includes(text)) return true;
    if (['false', '0', 'no'].includes(text)) return false;
    this.errors.push({ field: key, message: `只能是 true 或 false，收到“${text}”` });
    return fallback;
  }

  format(key = 'format'): ExportFormat | undefined {
    const text = this.string(key, '导出格式', { required: true });
    if (text === undefined) return undefined;
    const lower = text.toLowerCase();
    if (!isExportFormat(lower)) {
      this.errors.push({ field: key, message: `不支持的导出格式“${text}”：可选 ${EXPORT_FORMATS.join('、')}` });
      return undefined;
    }
    return lower;
  }

  integer(key: string, label: string, min: number, max: number, fallback: number): number {
    const text = this.string(key, label);
    if (text === undefined) return fallback;
    const n = /^\d{1,9}$/.test(text) ? Number(text) : NaN;
    if (!(n >= min && n <= max)) {
      this.errors.push({ field: key, message: `${label}必须是 ${min} 到 ${max} 之间的整数` });
      return fallback;
    }
    return n;
  }

  done(): void {
    if (this.errors.length === 0) return;
    const message = this.errors.length === 1 ? this.errors[0]!.message : `查询参数有误：${this.errors.map((e) => `${e.field}：${e.message}`).join('；')}`;
    throw new DomainError('VALIDATION_FAILED', message, { fieldErrors: this.errors });
  }
}
