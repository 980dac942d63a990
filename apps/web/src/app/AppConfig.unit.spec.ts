import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const SRC = join(__dirname, '..');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return /\.tsx?$/.test(e.name) && !/\.spec\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe('Ant Design’s settings', () => {
  it('are made once, in AppConfig: no page wraps itself in a ConfigProvider of its own', () => {
    const wrapping = sources(SRC)
      .filter((f) => /<ConfigProvider\b/.test(readFileSync(f, 'utf8')))
      .map((f) => relative(SRC, f));
    expect(wrapping).toEqual(['app/AppConfig.tsx']);
  });
});
