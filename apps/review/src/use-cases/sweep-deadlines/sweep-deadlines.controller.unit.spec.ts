import { type CommandBus } from '@nestjs/cqrs';
import { ctx, f } from '../../testing/review-scenario';
import { SWEEP_AT_REFUSED, SweepDeadlinesController } from './sweep-deadlines.controller';
import { type SweepDeadlinesCommand } from './sweep-deadlines.handler';

function controller(): { sweep: SweepDeadlinesController; sent: SweepDeadlinesCommand[] } {
  const sent: SweepDeadlinesCommand[] = [];
  const bus = { execute: (c: SweepDeadlinesCommand) => (sent.push(c), Promise.resolve({})) } as unknown as CommandBus;
  return { sweep: new SweepDeadlinesController(bus), sent };
}

describe('POST /deadlines/sweep', () => {
  const env = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = env;
  });

  it('sweeps now, or as of `at` in development and test', async () => {
    const { sweep, sent } = controller();
    await sweep.sweep(ctx(f.admin), {});
    await sweep.sweep(ctx(f.admin), { at: '2027-01-05T02:00:00Z' });
    expect(Math.abs(Date.parse(sent[0]!.now) - Date.now())).toBeLessThan(5_000);
    expect(sent[1]!.now).toBe('2027-01-05T02:00:00.000Z');
  });

  it('refuses `at` in production, sweeping nothing', () => {
    process.env.NODE_ENV = 'production';
    const { sweep, sent } = controller();
    expect(() => sweep.sweep(ctx(f.admin), { at: '2027-01-05T02:00:00Z' })).toThrow(expect.objectContaining({ code: 'FORBIDDEN', message: SWEEP_AT_REFUSED }));
    expect(sent).toEqual([]);
  });

  it('refuses a malformed time in Chinese', () => {
    const { sweep } = controller();
    expect(() => sweep.sweep(ctx(f.admin), { at: 'tomorrow' })).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
  });
});
