import { Writable } from 'node:stream';
import pino from 'pino';
import { currentCorrelationId, logFields, setLoggedService, withLogContext } from './logger';
import { traceIdOf } from './tracing';

describe('log lines and the work in hand', () => {
  it('given work started for a request, then its lines carry the correlation id, through awaits, and lines after it do not', async () => {
    setLoggedService('review');
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({ write: (chunk: Buffer, _enc, done) => (lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>), done()) });
    const logger = pino({ mixin: logFields }, sink);

    await withLogContext({ correlationId: 'corr-1', eventId: 'e-1', consumer: 'review' }, async () => {
      await new Promise((r) => setTimeout(r, 5));
      expect(currentCorrelationId()).toBe('corr-1');
      logger.info('reviewed');
    });
    logger.info('idle');

    expect(lines[0]).toMatchObject({ msg: 'reviewed', service: 'review', correlationId: 'corr-1', eventId: 'e-1', consumer: 'review' });
    expect(lines[1]).toMatchObject({ msg: 'idle', service: 'review' });
    expect(lines[1]).not.toHaveProperty('correlationId');
  });
});

describe('traceIdOf', () => {
  it('is the correlation id itself when that is a W3C trace id, else a stable digest of it', () => {
    expect(traceIdOf('4BF92F3577B34DA6A3CE929D0E0E4736')).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(traceIdOf('00000000000000000000000000000000')).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdOf('00000000000000000000000000000000')).not.toBe('00000000000000000000000000000000');
    expect(traceIdOf('c0ffee00-1111-4222-8333-444455556666')).toBe(traceIdOf('c0ffee00-1111-4222-8333-444455556666'));
    expect(traceIdOf('a')).not.toBe(traceIdOf('b'));
  });
});
