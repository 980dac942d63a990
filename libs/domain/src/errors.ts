/**
 * A command that cannot be carried out. The code is stable and maps to an HTTP status in
 * one place (the platform's exception filter); the message is for the clerk, in Chinese.
 */
export type DomainErrorCode =
  | 'VALIDATION_FAILED' // 400: input does not satisfy the rules of the form
  | 'NOT_FOUND' // 404
  | 'FORBIDDEN' // 403: the actor may not do this
  | 'ILLEGAL_STATE' // 409: the command does not fit the current state (e.g. edit after submit)
  | 'VERSION_CONFLICT' // 409: the client saw an older version
  | 'ALREADY_EXISTS' // 409
  | 'TOO_LARGE'; // 413: more work than one request may ask for (an import's size, rows, indicators)

export interface FieldError {
  /** A path such as `funding.fiscalAppropriation` or `indicators[2].annualTarget`. */
  readonly field: string;
  readonly message: string;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: { readonly fieldErrors?: readonly FieldError[]; readonly [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
