import { parseArgs } from '../main-args';
import { isPublishedDiff } from './publications';

describe('cli diff: published versions or moments', () => {
  it.each([
    [['diff', '--department', 'd', '--from', 'v1', '--to', 'v2'], true],
    [['diff', '--department', 'd', '--published', '--from', '1', '--to', '2'], true],
    [['diff', '--department', 'd', '--from', '2026-01-01T00:00:00+08:00', '--to', '120'], false],
    [['diff', '--department', 'd', '--from', '15', '--to', '120'], false],
  ])('%j compares published versions: %s', (argv, published) => {
    expect(isPublishedDiff(parseArgs(argv).flags)).toBe(published);
  });
});
