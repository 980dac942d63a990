import { type Writable } from 'node:stream';
import { unitRows, writePublishedTable } from '@budget/domain';
import { type ExportOptions, type ExportSource } from './export.types';
import { CHAIN_HEAD_HEADER, chainHeadRows, metadataEntries } from './metadata';
import { TextSink } from './sink';

/** Lines of writePublishedTable's output before the first unit: title, 部门名称, 单位, header (index 6), 合计 (index 7). */
const PREAMBLE_LINES = 8;
const HEADER_LINE = 6;

/**
 * The reference layout, byte for byte what writePublishedTable writes, but unit by unit: the
 * domain writer formats each unit's rows (so the layout has one source), and only one unit's
 * text is held at a time. With `metadata`, an 导出信息 block follows the table after a blank
 * line; parsePublishedTable does not read it, so leave it off for files meant to be re-imported.
 */
export async function writeTxt(source: ExportSource, out: Writable, options: ExportOptions = {}): Promise<void> {
  const { table } = source;
  const every = options.pageBreakEvery;
  // Also checks pageBreakEvery and the display unit, with the domain writer's errors.
  const preamble = writePublishedTable({ ...table, units: [] }, every === undefined ? {} : { pageBreakEvery: every }).split('\n');
  const header = preamble[HEADER_LINE] ?? '';
  const sink = new TextSink(out);
  await sink.write(`${preamble.slice(0, PREAMBLE_LINES).join('\n')}\n`);
  let row = 1; // the 合计 row was row 0
  for (const unit of table.units) {
    // One entry per row: a row with a quoted multi-line cell is never cut by a page break.
    for (const line of unitRows(unit)) {
      if (every !== undefined && row % every === 0) await sink.write(`\n${header}\n`);
      await sink.write(`${line}\n`);
      row++;
    }
  }
  if (options.metadata === true) {
    const entries = metadataEntries(source).map(([label, value]) => `${label}：${oneLine(value)}`);
    const heads = chainHeadRows(source);
    const headLines = heads.length > 0 ? [CHAIN_HEAD_HEADER.join('\t'), ...heads.map((h) => h.map(oneLine).join('\t'))] : [];
    await sink.write(`\n导出信息\n${[...entries, ...headLines].join('\n')}\n`);
  }
  await sink.end();
}

function oneLine(text: string): string {
  return text.replace(/[\t\r\n]+/g, ' ');
}
