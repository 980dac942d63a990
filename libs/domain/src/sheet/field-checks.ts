import { DomainError, type FieldError } from '../errors';

/** Limits count characters as a clerk sees them (code points), not UTF-16 units. */
export function charCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

export const MAX_ID_LENGTH = 100;

/** Field checks append to `errors` so one pass reports every problem of a form. */
export function checkId(errors: FieldError[], field: string, value: unknown, label: string): void {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push({ field, message: `${label}不能为空` });
  } else if (charCount(value) > MAX_ID_LENGTH) {
    errors.push({ field, message: `${label}不能超过${MAX_ID_LENGTH}个字符` });
  }
}

export function checkText(
  errors: FieldError[],
  field: string,
  value: unknown,
  label: string,
  opts: { readonly max: number; readonly required?: boolean },
): void {
  if (typeof value !== 'string') {
    errors.push({ field, message: `${label}必须是文本` });
  } else if (opts.required && value.trim() === '') {
    errors.push({ field, message: `${label}不能为空` });
  } else if (charCount(value) > opts.max) {
    errors.push({ field, message: `${label}不能超过${opts.max}个字符` });
  }
}

export function checkOptionalText(
  errors: FieldError[],
  field: string,
  value: unknown,
  label: string,
  opts: { readonly max: number },
): void {
  if (value !== undefined && value !== null) checkText(errors, field, value, label, opts);
}

export function checkInteger(
  errors: FieldError[],
  field: string,
  value: unknown,
  label: string,
  range: { readonly min: number; readonly max: number },
): void {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    errors.push({ field, message: `${label}必须是整数` });
  } else if (value < range.min || value > range.max) {
    errors.push({ field, message: `${label}必须在${range.min}到${range.max}之间` });
  }
}

export function throwIfInvalid(errors: readonly FieldError[]): void {
  if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', '输入有误', { fieldErrors: errors });
}

export function isPresent(text: string | null | undefined): text is string {
  return text !== undefined && text !== null && text.trim() !== '';
}

export function checkPositiveInteger(errors: FieldError[], field: string, value: unknown, label: string): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) {
    errors.push({ field, message: `${label}必须是正整数` });
  }
}
