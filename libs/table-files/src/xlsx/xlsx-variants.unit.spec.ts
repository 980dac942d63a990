import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parsePublishedRecords, parsePublishedTable, type PublishedTable, writePublishedTable } from '@budget/domain';
import { readXlsxRecords } from './xlsx-table';

/*
 * The workbooks of the corpus (test/fixtures/variants/xlsx/): each imports to the table its
 * importsTo file holds, with the issues listed, and writes back as that file byte for byte. The
 * files are what make-xlsx-variants.js writes, byte for byte.
 */

interface Variant {
  readonly file: string;
  readonly importsTo: string;
  readonly issues: readonly { readonly code: string; readonly line: number | null; readonly message: string }[];
  readonly what: string;
}

function fixturesDir(): string {
  let root = __dirname;
  while (!existsSync(path.join(root, 'nx.json')) && path.dirname(root) !== root) root = path.dirname(root);
  return path.join(root, 'test', 'fixtures', 'variants');
}

const DIR = fixturesDir();
const XLSX_DIR = path.join(DIR, 'xlsx');
const { variants } = JSON.parse(readFileSync(path.join(XLSX_DIR, 'variants.json'), 'utf8')) as { variants: readonly Variant[] };

function withoutLines(table: PublishedTable): unknown {
  return JSON.parse(JSON.stringify(table, (key, value: unknown) => (key === 'line' ? undefined : value)));
}

describe('the xlsx variants of the corpus', () => {
  it('has the workbooks the script writes, byte for byte', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { buildVariants } = require(path.join(XLSX_DIR, 'make-xlsx-variants.js')) as { buildVariants: () => Promise<Record<string, Buffer>> };
    const built = await buildVariants();
    expect(Object.keys(built).sort()).toEqual(variants.map((v) => v.file).sort());
    for (const [file, bytes] of Object.entries(built)) expect({ file, same: readFileSync(path.join(XLSX_DIR, file)).equals(bytes) }).toEqual({ file, same: true });
  });

  describe.each(variants.map((v) => [v.file, v] as const))('given %s', (_file, variant) => {
    const expectedText = readFileSync(path.join(DIR, variant.importsTo), 'utf8');

    it('imports to the table of its importsTo file, with the issues listed', async () => {
      const parsed = parsePublishedRecords(await readXlsxRecords(readFileSync(path.join(XLSX_DIR, variant.file))));
      expect(parsed.issues.map((i) => ({ code: i.code, line: i.line, message: i.message }))).toEqual(variant.issues);
      expect(withoutLines(parsed.table)).toEqual(withoutLines(parsePublishedTable(expectedText).table));
      expect(writePublishedTable(parsed.table)).toBe(expectedText);
    });
  });
});
