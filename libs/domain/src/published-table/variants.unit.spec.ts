import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parsePublishedTable, writePublishedTable, type PublishedTable } from './index';

/*
 * The corpus under test/fixtures/variants/: layouts of the published table that departments use.
 * Each variant names the canonical text it must import to; importing it gives the same table
 * (apart from line numbers) and writing that table gives the canonical text byte for byte.
 */

interface Variant {
  readonly file: string;
  readonly importsTo: string;
  readonly issues: readonly { readonly code: string; readonly line: number | null; readonly message: string }[];
  readonly what: string;
}

function variantsDir(): string {
  let root = __dirname;
  while (!existsSync(path.join(root, 'nx.json')) && path.dirname(root) !== root) root = path.dirname(root);
  return path.join(root, 'test', 'fixtures', 'variants');
}

const DIR = variantsDir();
const read = (file: string): string => readFileSync(path.join(DIR, file), 'utf8');
const { variants } = JSON.parse(read('variants.json')) as { variants: readonly Variant[] };

function withoutLines(table: PublishedTable): unknown {
  return JSON.parse(JSON.stringify(table, (key, value: unknown) => (key === 'line' ? undefined : value)));
}

describe('the corpus of table variants', () => {
  it('has variants', () => {
    expect(variants.length).toBeGreaterThanOrEqual(7);
  });

  describe.each(variants.map((v) => [v.file, v] as const))('given %s', (_file, variant) => {
    const parsed = parsePublishedTable(read(variant.file));
    const expected = parsePublishedTable(read(variant.importsTo));

    it(`when imported, then it reports exactly the expected issues (${variant.what})`, () => {
      expect(parsed.issues.map((i) => ({ code: i.code, line: i.line, message: i.message }))).toEqual(variant.issues);
    });

    it(`when imported, then it reads the same table as ${variant.importsTo}`, () => {
      expect(withoutLines(parsed.table)).toEqual(withoutLines(expected.table));
    });

    it(`when written in the canonical layout, then it is ${variant.importsTo} byte for byte`, () => {
      expect(writePublishedTable(parsed.table)).toBe(read(variant.importsTo));
    });
  });
});
