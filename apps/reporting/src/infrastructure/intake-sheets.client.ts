import { Inject, Injectable } from '@nestjs/common';
import { ApiError, createClient } from '@budget/contracts';
import { DomainError, type DomainErrorCode } from '@budget/domain';

export const INTAKE_BASE_URL = Symbol('INTAKE_BASE_URL');

const CODES: readonly DomainErrorCode[] = ['VALIDATION_FAILED', 'NOT_FOUND', 'FORBIDDEN', 'ILLEGAL_STATE', 'VERSION_CONFLICT', 'ALREADY_EXISTS', 'TOO_LARGE'];

/** Intake's refusal answered as ours: same code, same Chinese message, same field errors. */
function refusalOf(error: ApiError): DomainError {
  const code = CODES.find((c) => c === error.code) ?? (error.status === 403 ? 'FORBIDDEN' : error.status === 404 ? 'NOT_FOUND' : 'ILLEGAL_STATE');
  return new DomainError(code, error.message, error.fieldErrors.length > 0 ? { fieldErrors: error.fieldErrors } : {});
}

/**
 * Intake's sheet routes, called on behalf of the person who asked reporting (their own bearer
 * token): intake's policies and four-eyes rules apply to them exactly as if they had called it.
 */
@Injectable()
export class IntakeSheets {
  constructor(@Inject(INTAKE_BASE_URL) private readonly baseUrl: string) {}

  /**
   * Reopens an approved sheet at its current version (intake's ReopenSheet: SheetReopened with the
   * reason and the published version, from which reporting's consumer records the reopening too).
   */
  async reopen(request: {
    readonly authorization: string;
    readonly correlationId: string;
    readonly sheetId: string;
    readonly reason: string;
    readonly publishedVersion: number;
  }): Promise<{ readonly version: number }> {
    const client = createClient({
      baseUrl: { intake: this.baseUrl, review: '', reporting: '' },
      headers: { authorization: request.authorization, ...(request.correlationId ? { 'x-correlation-id': request.correlationId } : {}) },
      validate: false,
    });
    try {
      const sheet = await client.sheets.get({ sheetId: request.sheetId });
      const reopened = await client.sheets.reopen({ sheetId: request.sheetId, body: { expectedVersion: sheet.version, reason: request.reason, publishedVersion: request.publishedVersion } });
      return { version: reopened.version };
    } catch (error) {
      throw error instanceof ApiError && error.status >= 400 && error.status < 500 ? refusalOf(error) : error;
    }
  }
}
