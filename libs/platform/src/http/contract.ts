import { fieldErrorsOf, type FieldError } from '@budget/contracts';
import { DomainError } from '@budget/domain';
import type { z } from 'zod';

type Message = string | ((errors: readonly FieldError[]) => string);

function parse<T extends z.ZodType>(schema: T, input: unknown, message: Message, rename?: (field: string) => string): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors = fieldErrorsOf(result.error, rename);
  throw new DomainError('VALIDATION_FAILED', typeof message === 'string' ? message : message(fieldErrors), { fieldErrors });
}

/**
 * A request body checked against its contract: every field error in Chinese, thrown together as
 * one 400 before anything reaches the domain. If-Match stands in for a missing expectedVersion.
 */
export function readBody<T extends z.ZodType>(schema: T, body: unknown, opts: { ifMatch?: string | undefined; rename?: (field: string) => string; message?: Message } = {}): z.output<T> {
  const header = opts.ifMatch?.replace(/^W\//, '').replace(/"/g, '').trim();
  let input = body;
  if (header !== undefined && header !== '' && typeof body === 'object' && body !== null && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if (record.expectedVersion === undefined || record.expectedVersion === null) input = { ...record, expectedVersion: Number(header) };
  }
  return parse(schema, input, opts.message ?? '输入有误，请按提示修改', opts.rename);
}

/** A query string checked against its contract; `message` is the 400's headline. */
export function readQuery<T extends z.ZodType>(schema: T, query: unknown, message: Message = '查询条件有误'): z.output<T> {
  return parse(schema, query ?? {}, message);
}

/** The headline of a 400 with one field error is that error; with several, all of them. */
export const listedFieldErrors = (prefix: string) => (errors: readonly FieldError[]): string =>
  errors.length === 1 ? errors[0]!.message : `${prefix}${errors.map((e) => `${e.field}：${e.message}`).join('；')}`;
