import type { z } from 'zod';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** The error every service answers with (see ApiExceptionFilter). */
export interface ApiErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly fieldErrors?: readonly FieldError[];
  readonly [detail: string]: unknown;
}

/** `['indicators', 0, 'level2']` → `indicators[0].level2`; the body itself is `(body)`. */
export function fieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out === '' ? '(body)' : out;
}

/** zod's issues as the field errors the services answer with; one per unknown key. */
export function fieldErrorsOf(error: z.ZodError, rename: (field: string) => string = (f) => f): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => ({ field: rename(fieldPath([...issue.path, key])), message: issue.message }));
    return [{ field: rename(fieldPath(issue.path)), message: issue.message }];
  });
}
