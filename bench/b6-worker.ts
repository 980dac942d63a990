/**
 * One B6 repetition in a fresh process, so its peak memory is its own: builds the city's table,
 * resets the kernel's peak-RSS mark (/proc/self/clear_refs), writes the xlsx file, and prints
 * one JSON line with the time, rows, bytes and peak RSS.
 *
 *   node tools/run.js bench/b6-worker.js <export|plain> <city options JSON> <out file>
 */
import { createWriteStream, readFileSync, statSync, writeFileSync } from 'node:fs';
import { type Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { setImmediate as nextTurn } from 'node:timers/promises';
import * as ExcelJS from 'exceljs';
import { formatIndicatorCell, fundingTotal, GRAND_TOTAL_LABEL, TABLE_HEADER, type Funding, type PublishedTable } from '@budget/domain';
import { wanYuan, writeExport } from '@budget/table-files';
import { cityTable, generateCity, type CityOptions } from './generator';

export interface B6Sample {
  readonly variant: 'export' | 'plain';
  readonly seconds: number;
  readonly rows: number;
  readonly bytes: number;
  /** Highest resident set while writing (the table held in memory included), MiB. */
  readonly peakRssMiB: number;
  /** Resident set just before writing: mostly the table itself, MiB. */
  readonly rssBeforeMiB: number;
  /** Whether the peak is the kernel's exact mark (true) or sampled (false). */
  readonly exactPeak: boolean;
}

function vmHwmKiB(): number | null {
  try {
    const m = /VmHWM:\s*(\d+)\s*kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m?.[1] ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function resetPeak(): boolean {
  try {
    // 5 resets the peak resident set size ("VmHWM") of the process (Linux 4.0+).
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** The baseline: exceljs' streaming writer with the same cells (texts, amounts in 万元), no styles, merges or second sheet. */
async function writePlain(table: PublishedTable, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: false, useSharedStrings: false });
  const sheet = workbook.addWorksheet('绩效目标表');
  sheet.addRow([table.title]).commit();
  sheet.addRow([`部门名称：${table.departmentName}`]).commit();
  sheet.addRow([`单位：${table.displayUnit}`]).commit();
  sheet.addRow([...TABLE_HEADER]).commit();
  let rows = 0;
  const add = (name: string, funding: Funding, goal: string, indicators: string): void => {
    const amounts = [fundingTotal(funding), funding.fiscalAppropriation, funding.specialAccountAppropriation, funding.otherFunds].map((f) => (f === 0 ? null : wanYuan(f)));
    sheet.addRow([name, ...amounts, goal === '' ? null : goal, indicators === '' ? null : indicators]).commit();
    rows++;
  };
  add(GRAND_TOTAL_LABEL, table.grandTotal.funding, '', '');
  for (const unit of table.units) {
    add(unit.name, unit.funding, '', '');
    for (const project of unit.projects) {
      add(project.name, project.funding, project.goal, formatIndicatorCell(project.indicators));
      // The same yield as the real writer, so the zip stream drains into the file as it goes.
      if (rows % 100 === 0) await nextTurn();
    }
  }
  sheet.commit();
  await workbook.commit();
}

async function main(): Promise<void> {
  const [variant, optionsJson, outFile] = process.argv.slice(2);
  if ((variant !== 'export' && variant !== 'plain') || !optionsJson || !outFile) {
    throw new Error('usage: b6-worker <export|plain> <city options JSON> <out file>');
  }
  const table = cityTable(generateCity(JSON.parse(optionsJson) as CityOptions));
  const rows = 1 + table.units.length + table.units.reduce((n, u) => n + u.projects.length, 0);
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  await new Promise((r) => setTimeout(r, 50));
  const rssBefore = process.memoryUsage.rss();
  const exact = resetPeak() && vmHwmKiB() !== null;
  // A sampled peak as well, for systems without clear_refs.
  let sampled = rssBefore;
  const timer = setInterval(() => {
    sampled = Math.max(sampled, process.memoryUsage.rss());
  }, 5);

  const out = createWriteStream(outFile);
  const start = performance.now();
  if (variant === 'export') {
    await writeExport('xlsx', { table, meta: { fiscalYear: 2026, generatedAt: '2026-01-01T00:00:00.000Z' } }, out);
  } else {
    await writePlain(table, out);
  }
  await finished(out);
  const seconds = (performance.now() - start) / 1000;
  clearInterval(timer);
  sampled = Math.max(sampled, process.memoryUsage.rss());
  const peakKiB = exact ? vmHwmKiB() : null;
  const sample: B6Sample = {
    variant,
    seconds,
    rows,
    bytes: statSync(outFile).size,
    peakRssMiB: Number(((peakKiB !== null ? peakKiB * 1024 : sampled) / 1024 / 1024).toFixed(1)),
    rssBeforeMiB: Number((rssBefore / 1024 / 1024).toFixed(1)),
    exactPeak: peakKiB !== null,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
