import { type BenchContext } from './lib/context';
import { type BenchResult } from './lib/results';

export function runB4(_ctx: BenchContext): Promise<BenchResult> {
  return Promise.reject(new Error('B4 not implemented yet'));
}
