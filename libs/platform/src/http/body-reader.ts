import { DomainError, type FieldError } from '@budget/domain';

/**
 * Shape checks of request bodies: wrong types become field errors in Chinese, collected and
 * thrown together as one 400 by done(), before anything reaches the domain.
 */
export class BodyReader {
  readonly errors: FieldError[] = [];

  constructor(protected readonly body: unknown) {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      this.errors.push({ field: '(body)', message: '请求内容必须是 JSON 对象' });
    }
  }

  protected get record(): Record<string, unknown> {
    return typeof this.body === 'object' && this.body !== null && !Array.isArray(this.body) ? (this.body as Record<string, unknown>) : {};
  }

  has(key: string): boolean {
    return this.record[key] !== undefined;
  }

  string(key: string, label: string, opts: { required?: boolean; path?: string; from?: Record<string, unknown> } = {}): string | undefined {
    const value = (opts.from ?? this.record)[key];
    const path = opts.path ?? key;
    if (value === undefined || value === null) {
      if (opts.required) this.errors.push({ field: path, message: `请填写${label}` });
      return undefined;
    }
    if (typeof value !== 'string') {
      this.errors.push({ field: path, message: `${label}必须是文本` });
      return undefined;
    }
    return value;
  }

  integer(key: string, label: string, opts: { required?: boolean } = {}): number | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) {
      if (opts.required) this.errors.push({ field: key, message: `请填写${label}` });
      return undefined;
    }
    const n = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
      this.errors.push({ field: key, message: `${label}必须是整数` });
      return undefined;
    }
    return n;
  }

  expectedVersion(ifMatch: string | undefined): number {
    const header = ifMatch?.replace(/^W\//, '').replace(/"/g, '').trim();
    const fromHeader = header !== undefined && header !== '' ? Number(header) : undefined;
    const value = this.record.expectedVersion ?? fromHeader;
    if (value === undefined) {
      this.errors.push({ field: 'expectedVersion', message: '请提供您看到的版本号 expectedVersion（或 If-Match 请求头），以免覆盖他人的修改' });
      return -1;
    }
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
      this.errors.push({ field: 'expectedVersion', message: '版本号必须是正整数' });
      return -1;
    }
    return value;
  }

  optionalExpectedVersion(ifMatch: string | undefined): number | undefined {
    const header = ifMatch?.replace(/^W\//, '').replace(/"/g, '').trim();
    if (this.record.expectedVersion === undefined && (header === undefined || header === '')) return undefined;
    return this.expectedVersion(ifMatch);
  }

  boolean(key: string, label: string, opts: { required?: boolean } = {}): boolean | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) {
      if (opts.required) this.errors.push({ field: key, message: `请填写${label}` });
      return undefined;
    }
    if (typeof value !== 'boolean') {
      this.errors.push({ field: key, message: `${label}必须是 true 或 false` });
      return undefined;
    }
    return value;
  }

  /** A list of objects, each read by `item` with its path (e.g. `comments[2]`). */
  objectList<T>(key: string, label: string, item: (raw: Record<string, unknown>, path: string) => T | undefined, opts: { required?: boolean; max?: number } = {}): T[] | undefined {
    const value = this.record[key];
    if (value === undefined || value === null) {
      if (opts.required) this.errors.push({ field: key, message: `请填写${label}` });
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.errors.push({ field: key, message: `${label}必须是列表` });
      return undefined;
    }
    if (opts.max !== undefined && value.length > opts.max) {
      this.errors.push({ field: key, message: `${label}最多${opts.max}条` });
      return undefined;
    }
    return value.flatMap((raw: unknown, i): T[] => {
      const path = `${key}[${i}]`;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        this.errors.push({ field: path, message: `${label}的每一项必须是对象` });
        return [];
      }
      const out = item(raw as Record<string, unknown>, path);
      return out === undefined ? [] : [out];
    });
  }

  stringList(key: string, label: string, opts: { required?: boolean } = {}): string[] | undefined {
    const value = this.record[key];
    if ((value === undefined || value === null) && !opts.required) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
      this.errors.push({ field: key, message: `${label}必须是文本列表` });
      return undefined;
    }
    return value as string[];
  }

  rejectUnknown(allowed: readonly string[]): void {
    for (const k of Object.keys(this.record)) {
      if (!allowed.includes(k)) this.errors.push({ field: k, message: '未知字段' });
    }
  }

  /** Throws the collected field errors as one 400. */
  done(): void {
    if (this.errors.length > 0) throw new DomainError('VALIDATION_FAILED', '输入有误，请按提示修改', { fieldErrors: this.errors });
  }
}
