import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '@budget/domain';
import type { Response } from 'express';

const STATUS_BY_CODE: Record<DomainErrorCode, number> = {
  VALIDATION_FAILED: HttpStatus.BAD_REQUEST,
  NOT_FOUND: HttpStatus.NOT_FOUND,
  FORBIDDEN: HttpStatus.FORBIDDEN,
  ILLEGAL_STATE: HttpStatus.CONFLICT,
  VERSION_CONFLICT: HttpStatus.CONFLICT,
  ALREADY_EXISTS: HttpStatus.CONFLICT,
  TOO_LARGE: HttpStatus.PAYLOAD_TOO_LARGE,
};

export interface ErrorBody {
  readonly statusCode: number;
  readonly code: string;
  readonly message: string;
  readonly [detail: string]: unknown;
}

/** A concurrent write that lost: the event store's conflict, whatever library raised it. */
interface VersionConflict {
  readonly name: 'StreamVersionConflictError';
  readonly streamId: string;
  readonly expectedVersion: number;
  readonly actualVersion: number;
}
function isVersionConflict(e: unknown): e is VersionConflict {
  return e instanceof Error && e.name === 'StreamVersionConflictError';
}

/** The database's limits (see sessionOptions and the pools' connection timeout) said no: try later, not a defect. */
function databaseBusy(e: unknown): { code: string; message: string } | null {
  if (!(e instanceof Error)) return null;
  const pgCode = (e as { code?: unknown }).code;
  if (pgCode === '57014') return { code: 'QUERY_TIMEOUT', message: '查询超时，请缩小查询范围或稍后重试' };
  if (pgCode === '25P03') return { code: 'QUERY_TIMEOUT', message: '事务空闲超时，请稍后重试' };
  if (/timeout exceeded when trying to connect/i.test(e.message)) return { code: 'BUSY', message: '系统繁忙，请稍后重试' };
  return null;
}

/** The one place where errors become HTTP responses. */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const body = this.toBody(exception);
    if (body.statusCode >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    res.status(body.statusCode).json(body);
  }

  toBody(exception: unknown): ErrorBody {
    if (isVersionConflict(exception)) {
      return {
        statusCode: HttpStatus.CONFLICT,
        code: 'VERSION_CONFLICT',
        message: '该记录已被他人修改，请刷新后重试',
        expectedVersion: exception.expectedVersion,
        currentVersion: exception.actualVersion,
      };
    }
    if (exception instanceof DomainError) {
      return { statusCode: STATUS_BY_CODE[exception.code], code: exception.code, message: exception.message, ...exception.details };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
      return { statusCode: status, code: HttpStatus[status] ?? 'HTTP_ERROR', message: Array.isArray(message) ? message.join('；') : typeof message === 'string' ? message : JSON.stringify(message) };
    }
    const busy = databaseBusy(exception);
    if (busy) return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, ...busy };
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后重试' };
  }
}
