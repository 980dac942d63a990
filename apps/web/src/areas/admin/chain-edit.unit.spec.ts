import { DEFAULT_SIGN_OFF_CHAIN, validateSignOffChain } from '@budget/domain';
import { chainOf, rowsOf } from './chain-edit';

describe('sign-off chain editing', () => {
  it('round-trips the default chain and drops a disabled level', () => {
    const rows = rowsOf(DEFAULT_SIGN_OFF_CHAIN);
    expect(chainOf(rows)).toEqual(DEFAULT_SIGN_OFF_CHAIN);
    const withoutHead = chainOf(rows.map((r) => (r.level === 'unit_head' ? { ...r, enabled: false } : r)));
    expect(withoutHead.map((l) => l.level)).toEqual(['department', 'finance']);
    expect(validateSignOffChain(withoutHead)).toEqual([]);
  });
});
