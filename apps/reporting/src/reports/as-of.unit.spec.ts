import { DomainError } from '@budget/domain';
import { checkAsOfBound, parseAsOf } from './as-of';

function refusal(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('as-of parameters', () => {
  it('reads now, a position of the copy and an instant with a time zone', () => {
    expect(parseAsOf(undefined)).toEqual({ kind: 'latest' });
    expect(parseAsOf('')).toEqual({ kind: 'latest' });
    expect(parseAsOf('latest')).toEqual({ kind: 'latest' });
    expect(parseAsOf('0042')).toEqual({ kind: 'position', position: '42' });
    expect(parseAsOf('2026-03-01T16:00:00+08:00')).toEqual({ kind: 'time', recordedAt: '2026-03-01T08:00:00.000Z' });
    expect(parseAsOf(' 2026-03-01T08:00:00.123Z ')).toEqual({ kind: 'time', recordedAt: '2026-03-01T08:00:00.123Z' });
  });

  it('refuses malformed moments with a Chinese 400 naming the parameter', () => {
    for (const text of ['yesterday', '2026-03-01', '2026-03-01T08:00:00', '2026-13-01T08:00:00Z', '-5', '1.5']) {
      const error = refusal(() => parseAsOf(text, 'from'));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toMatch(/[\u4e00-\u9fff]/);
      expect(error.details['field']).toBe('from');
    }
  });

  const extent = { position: '120', firstRecordedAt: '2026-03-01T08:00:00.000Z' };
  const now = new Date('2026-03-05T00:00:00.000Z');

  it('accepts moments within the copy', () => {
    expect(() => checkAsOfBound({ kind: 'latest' }, { position: '0', firstRecordedAt: null }, now)).not.toThrow();
    expect(() => checkAsOfBound({ kind: 'position', position: '1' }, extent, now)).not.toThrow();
    expect(() => checkAsOfBound({ kind: 'position', position: '120' }, extent, now)).not.toThrow();
    expect(() => checkAsOfBound({ kind: 'time', recordedAt: '2026-03-01T08:00:00.000Z' }, extent, now)).not.toThrow();
    expect(() => checkAsOfBound({ kind: 'time', recordedAt: '2026-03-04T23:59:59.999Z' }, extent, now)).not.toThrow();
  });

  it('refuses the future, a moment before the first event and a position past the end', () => {
    const cases: [Parameters<typeof checkAsOfBound>[0], RegExp][] = [
      [{ kind: 'time', recordedAt: '2026-03-05T00:00:00.001Z' }, /未来/],
      [{ kind: 'time', recordedAt: '2026-03-01T07:59:59.999Z' }, /早于第一个事件/],
      [{ kind: 'position', position: '0' }, /早于第一个事件/],
      [{ kind: 'position', position: '121' }, /超出范围.*120/],
    ];
    for (const [asOf, message] of cases) {
      const error = refusal(() => checkAsOfBound(asOf, extent, now, 'to'));
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toMatch(message);
      expect(error.details['field']).toBe('to');
    }
    expect(refusal(() => checkAsOfBound({ kind: 'time', recordedAt: '2026-03-02T00:00:00.000Z' }, { position: '0', firstRecordedAt: null }, now)).message).toMatch(
      /早于第一个事件/,
    );
  });
});
