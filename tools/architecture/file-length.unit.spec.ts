import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The project's bar (issue 10): no source file of the applications reaches 300 lines. A file
// that grows past it is split by meaning (one use case, one read model, one kind of text per file)
// rather than let grow. Tests (*.spec.ts, *.spec.tsx) are not held to it.

const ROOT = join(__dirname, '..', '..');
const APPS = join(ROOT, 'apps');
const LIMIT = 300;
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', '.local']);

/** Every non-test .ts/.tsx file under a folder, as paths from the repository's root. */
function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return SKIPPED_FOLDERS.has(entry.name) ? [] : sourceFiles(path);
    return entry.isFile() && /\.tsx?$/.test(entry.name) && !/\.spec\.tsx?$/.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

/** Lines as `wc -l` counts them; a last line without its newline counts too. */
function lineCount(text: string): number {
  const newlines = text.split('\n').length - 1;
  return text.length > 0 && !text.endsWith('\n') ? newlines + 1 : newlines;
}

describe(`source files of apps/ stay under ${LIMIT} lines`, () => {
  const files = sourceFiles(APPS);

  it('finds the applications’ sources', () => {
    expect(files.length).toBeGreaterThan(100);
    expect(files).toContain(join('apps', 'reporting', 'src', 'main.ts'));
    expect(files.some((f) => f.endsWith('.tsx'))).toBe(true);
    expect(files.some((f) => /\.spec\.tsx?$/.test(f))).toBe(false);
  });

  it(`names every file of ${LIMIT} lines or more`, () => {
    const tooLong = files
      .map((file) => ({ file, lines: lineCount(readFileSync(join(ROOT, file), 'utf8')) }))
      .filter(({ lines }) => lines >= LIMIT)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(tooLong).toEqual([]);
  });
});
