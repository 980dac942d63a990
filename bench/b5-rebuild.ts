import { type BenchContext } from './lib/context';
import { type BenchResult } from './lib/results';

export function runB5(_ctx: BenchContext): Promise<BenchResult> {
  return Promise.reject(new Error('B5 not implemented yet'));
}
