import { isConnectionError, isContentionError } from './transient';

function withCode(code: string, message = 'boom'): Error {
  return Object.assign(new Error(message), { code });
}

describe('isConnectionError', () => {
  it.each([
    withCode('ECONNREFUSED'),
    withCode('ECONNRESET'),
    withCode('57P01', 'terminating connection due to administrator command'),
    withCode('57P03', 'the database system is starting up'),
    withCode('08006'),
    withCode('53300', 'too many connections'),
    new Error('Connection terminated unexpectedly'),
    new Error('timeout exceeded when trying to connect'),
  ])('waits out %s', (error) => {
    expect(isConnectionError(error)).toBe(true);
  });

  it.each([
    new Error('handler bug'),
    withCode('23505', 'duplicate key value violates unique constraint'),
    withCode('22P02', 'invalid input syntax for type uuid'),
    withCode('40001'),
    null,
    'ECONNREFUSED',
  ])('does not wait out %s', (error) => {
    expect(isConnectionError(error)).toBe(false);
  });
});

describe('isContentionError', () => {
  it('recognises serialization failures, deadlocks and stream version conflicts', () => {
    expect(isContentionError(withCode('40001'))).toBe(true);
    expect(isContentionError(withCode('40P01'))).toBe(true);
    expect(isContentionError(Object.assign(new Error('conflict'), { name: 'StreamVersionConflictError' }))).toBe(true);
    expect(isContentionError(withCode('23505'))).toBe(false);
    expect(isContentionError(new Error('x'))).toBe(false);
  });
});
