/**
 * B6: the reporting service's xlsx export of the whole synthetic city (one table, every unit and
 * project), against exceljs' streaming writer writing the same cells without styles. Each
 * repetition runs in a fresh process (b6-worker), so its peak resident memory is its own.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type B6Sample } from './b6-worker';
import { type BenchContext } from './lib/context';
import { series, type BenchResult } from './lib/results';
import { median, now } from './lib/stats';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
export const GOAL_SHARE = 0.35;
export const GOAL_PEAK_MIB = 512;

async function sample(variant: 'export' | 'plain', optionsJson: string, out: string): Promise<B6Sample> {
  const { stdout } = await run(
    process.execPath,
    ['--expose-gc', join(ROOT, 'tools', 'run.js'), 'bench/b6-worker.js', variant, optionsJson, out],
    { env: { ...process.env, BUDGET_SKIP_BUILD: '1' }, maxBuffer: 1024 * 1024 },
  );
  const line = stdout.trim().split('\n').pop() ?? '';
  return JSON.parse(line) as B6Sample;
}

export async function runB6(ctx: BenchContext): Promise<BenchResult> {
  const started = now();
  const dir = join(process.env.BUDGET_LOCAL_DIR ?? join(ROOT, '.local'), 'bench');
  mkdirSync(dir, { recursive: true });
  const optionsJson = JSON.stringify(ctx.cityOptions);
  const exported: B6Sample[] = [];
  const plains: B6Sample[] = [];
  try {
    for (let rep = 0; rep < ctx.reps; rep++) {
      const p = await sample('plain', optionsJson, join(dir, 'b6-plain.xlsx'));
      const e = await sample('export', optionsJson, join(dir, 'b6-export.xlsx'));
      plains.push(p);
      exported.push(e);
      ctx.log(
        `rep ${rep + 1}: export ${e.seconds.toFixed(2)} s (${Math.round(e.rows / e.seconds)} rows/s, peak ${e.peakRssMiB} MiB), ` +
          `plain ${p.seconds.toFixed(2)} s (${Math.round(p.rows / p.seconds)} rows/s, peak ${p.peakRssMiB} MiB)`,
      );
    }
  } finally {
    rmSync(join(dir, 'b6-plain.xlsx'), { force: true });
    rmSync(join(dir, 'b6-export.xlsx'), { force: true });
  }
  const m = series('writeExport(xlsx): styles, merges, row heights, metadata sheet', 'rows/s', exported.map((s) => s.rows / s.seconds));
  const b = series('exceljs WorkbookWriter, same cells, no styles', 'rows/s', plains.map((s) => s.rows / s.seconds));
  const peak = Math.max(...exported.map((s) => s.peakRssMiB));
  const ratio = m.median / b.median;
  const first = exported[0]!;
  return {
    name: 'B6',
    title: `xlsx export of the city (${ctx.cityOptions.projects.toLocaleString('en-US')} projects)`,
    mode: ctx.mode,
    date: new Date().toISOString(),
    machine: ctx.machine(),
    parameters: { projects: ctx.cityOptions.projects, units: ctx.cityOptions.units, indicators: ctx.cityOptions.indicators, rows: first.rows },
    repetitions: ctx.reps,
    measured: m,
    baseline: b,
    ratio,
    ratioLabel: '× baseline',
    goal: { text: `≥ ${GOAL_SHARE * 100} % of baseline, peak ≤ ${GOAL_PEAK_MIB} MiB`, met: ratio >= GOAL_SHARE && peak <= GOAL_PEAK_MIB },
    extra: {
      exportSeconds: series('export', 's', exported.map((s) => s.seconds)),
      plainSeconds: series('plain', 's', plains.map((s) => s.seconds)),
      peakRssMiB: { export: exported.map((s) => s.peakRssMiB), plain: plains.map((s) => s.peakRssMiB), worstExport: peak },
      rssBeforeWritingMiB: median(exported.map((s) => s.rssBeforeMiB)),
      fileMiB: { export: Number((first.bytes / 1024 / 1024).toFixed(1)), plain: Number(((plains[0]?.bytes ?? 0) / 1024 / 1024).toFixed(1)) },
      exactPeak: exported.every((s) => s.exactPeak),
    },
    notes: ['peak RSS is the whole process while writing, the table held in memory included (rssBeforeWritingMiB)'],
    durationSeconds: Math.round((now() - started) / 1000),
  };
}
