const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
// 57P01-03: shutdown / crash / starting up; 53300: too many connections; 08xxx: connection exceptions.
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly|connection is closed|Client was closed/i;

/** The database (or network) is unavailable: wait and try again, however long it takes. */
export function isConnectionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || UNAVAILABLE_SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
  return typeof message === 'string' && CONNECTION_MESSAGES.test(message);
}

/**
 * Lost a race that a second attempt usually wins: serialization failure, deadlock, or a stream
 * appended to concurrently by a command. Worth a few retries, then it is a dead letter.
 */
export function isContentionError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, name } = error as { code?: unknown; name?: unknown };
  return code === '40001' || code === '40P01' || name === 'StreamVersionConflictError';
}
