/**
 * B9: reading an import (issues 11 and 12), in two parts.
 *
 * - Linear parsing: the time to parse a table of 10 MB over that of a table of 1 MB (quick: 1 MB
 *   over 100 KB), for the city's own table cut to those sizes and for the shapes of one hostile
 *   indicator cell that made the parser quadratic (a run of `；`, numbers that never come back to
 *   the sequence, line breaks after a 年度指标值, quotes that never close, rows of zeros). Goal:
 *   ≤ 12 for every shape (linear is 10).
 * - The city (20,000 projects; quick: 2,000) in one workbook, as the reporting service exports it,
 *   against the same city as text: projects read per second from the bytes of the request to the
 *   parsed table, the department authorized from the preamble first, as the intake service does
 *   before it writes the drafts (the writes are the same for both and not timed). Goal: xlsx ≥ 50 %
 *   of text.
 *
 * Both sides of each comparison run alternately in this one process, after a warm-up.
 */
import { PassThrough } from 'node:stream';
import { parsePublishedTable, writePublishedTable } from '@budget/domain';
import { writeExport } from '@budget/table-files';
import { type ImportSource, importWorkLimits, readTableSource } from '@budget/table-files';
import { cityTable } from './generator';
import { type BenchContext } from './lib/context';
import { series, type BenchResult } from './lib/results';
import { median, now } from './lib/stats';

export const GOAL_GROWTH = 12;
export const GOAL_XLSX_SHARE = 0.5;

const HEAD =
  '项目支出绩效目标表（含转移支付项目）\n部门名称：某部门\n单位：万元\n项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标\n合计\t1\t1\t\t\t\t\n某单位\t1\t1\t\t\t\t\n';
const oneCell = (cell: string): string => `${HEAD}某项目\t1\t1\t\t\t目标\t"${cell.replace(/"/g, '""')}"\n`;
const repeatTo = (unit: string, bytes: number): string => unit.repeat(Math.max(1, Math.floor(bytes / Buffer.byteLength(unit))));

/** Tables of about `bytes` bytes of each shape. */
function shapes(cityText: string): readonly { readonly name: string; readonly make: (bytes: number) => string }[] {
  const lines = cityText.split('\n');
  return [
    {
      name: 'the city’s table, cut to size',
      make: (bytes) => {
        let size = 0;
        let n = 0;
        while (n < lines.length && size < bytes) size += Buffer.byteLength(lines[n++] ?? '') + 1;
        return `${lines.slice(0, n).join('\n')}\n`;
      },
    },
    { name: 'one cell: a run of ；', make: (bytes) => oneCell(repeatTo('；', bytes)) },
    { name: 'one cell: numbers off the sequence', make: (bytes) => oneCell(repeatTo('7、x；', bytes)) },
    { name: 'one cell: line breaks after a 年度指标值', make: (bytes) => oneCell(`1-产出指标；年度指标值${repeatTo('\n', bytes)}x`) },
    { name: 'quotes that never close', make: (bytes) => `${HEAD}${repeatTo('\t"a', bytes)}\n` },
    { name: 'rows of zeros', make: (bytes) => `${HEAD}${repeatTo('某单位\t0\t0\t\t\t\t\n', bytes)}` },
  ];
}

function parseMillis(text: string): number {
  const start = now();
  parsePublishedTable(text);
  return now() - start;
}

async function xlsxBytes(table: Parameters<typeof writePublishedTable>[0]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  await writeExport('xlsx', { table, meta: { fiscalYear: 2026, generatedAt: '2026-01-01T00:00:00.000Z' } }, out);
  out.end();
  await done;
  return Buffer.concat(chunks);
}

export async function runB9(ctx: BenchContext): Promise<BenchResult> {
  const started = now();
  const quick = ctx.mode === 'quick';
  const table = cityTable(ctx.city());
  const text = writePublishedTable(table);
  const projects = table.units.reduce((n, u) => n + u.projects.length, 0);

  // ---- linear parsing
  const [small, large] = quick ? [100 * 1024, 1024 * 1024] : [1024 * 1024, 10 * 1024 * 1024];
  const growth: { shape: string; smallBytes: number; largeBytes: number; smallMs: number[]; largeMs: number[]; ratio: number }[] = [];
  for (const shape of shapes(text)) {
    const a = shape.make(small);
    const b = shape.make(large);
    parseMillis(a);
    parseMillis(b);
    const smallMs: number[] = [];
    const largeMs: number[] = [];
    for (let rep = 0; rep < ctx.reps; rep++) {
      smallMs.push(parseMillis(a));
      largeMs.push(parseMillis(b));
    }
    const ratio = median(largeMs) / median(smallMs);
    growth.push({ shape: shape.name, smallBytes: Buffer.byteLength(a), largeBytes: Buffer.byteLength(b), smallMs, largeMs, ratio: Number(ratio.toFixed(2)) });
    ctx.log(`${shape.name}: ${median(smallMs).toFixed(1)} ms → ${median(largeMs).toFixed(1)} ms (× ${ratio.toFixed(2)} for × ${(Buffer.byteLength(b) / Buffer.byteLength(a)).toFixed(1)} the bytes)`);
  }
  const worst = Math.max(...growth.map((g) => g.ratio));

  // ---- the city as xlsx vs as text
  const bytes = await xlsxBytes(table);
  const limits = importWorkLimits({});
  const read = (source: ImportSource): number => {
    const start = now();
    const parsed = readTableSource(source, limits, () => undefined);
    const seconds = (now() - start) / 1000;
    const read = parsed.table.units.reduce((n, u) => n + u.projects.length, 0);
    if (read !== projects) throw new Error(`read ${read} projects of ${projects}`);
    return projects / seconds;
  };
  const textSource: ImportSource = { kind: 'text', text };
  const xlsxSource: ImportSource = { kind: 'xlsx', bytes };
  read(textSource);
  read(xlsxSource);
  const textRates: number[] = [];
  const xlsxRates: number[] = [];
  for (let rep = 0; rep < ctx.reps; rep++) {
    (globalThis as { gc?: () => void }).gc?.();
    textRates.push(read(textSource));
    (globalThis as { gc?: () => void }).gc?.();
    xlsxRates.push(read(xlsxSource));
    ctx.log(`rep ${rep + 1}: text ${Math.round(textRates[rep] ?? 0)} projects/s, xlsx ${Math.round(xlsxRates[rep] ?? 0)} projects/s`);
  }
  const m = series('xlsx: workbook bytes → parsed table', 'projects/s', xlsxRates);
  const b = series('text: the same table as text → parsed table', 'projects/s', textRates);
  const share = m.median / b.median;
  return {
    name: 'B9',
    title: `import reading: the city (${projects.toLocaleString('en-US')} projects) as xlsx vs text; parse time ${quick ? '1 MB / 100 KB' : '10 MB / 1 MB'}`,
    mode: ctx.mode,
    date: new Date().toISOString(),
    machine: ctx.machine(),
    parameters: { projects, units: table.units.length, textMiB: Number((Buffer.byteLength(text) / 1024 / 1024).toFixed(1)), xlsxMiB: Number((bytes.length / 1024 / 1024).toFixed(1)), smallBytes: small, largeBytes: large, limits },
    repetitions: ctx.reps,
    measured: m,
    baseline: b,
    ratio: share,
    ratioLabel: `× text; worst parse-time growth × ${worst.toFixed(1)}`,
    goal: { text: `xlsx ≥ ${GOAL_XLSX_SHARE * 100} % of text; parse time ${quick ? '1 MB / 100 KB' : '10 MB / 1 MB'} ≤ ${GOAL_GROWTH} for every shape`, met: share >= GOAL_XLSX_SHARE && worst <= GOAL_GROWTH },
    extra: { growth, worstGrowth: worst },
    notes: [
      'Reading only: bytes → records → parsed table, with the department authorized from the preamble first; the drafts written afterwards are the same for both formats.',
      'Growth is median(large) / median(small) per shape; a linear parser gives the ratio of the sizes (≈ 10), a quadratic one ≈ 100.',
    ],
    durationSeconds: Math.round((now() - started) / 1000),
  };
}
