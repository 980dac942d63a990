import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fmt, median } from './stats';

export type Mode = 'quick' | 'full';

/** One side of a comparison: every repetition's figure and their median. */
export interface Series {
  readonly label: string;
  readonly unit: string;
  readonly samples: readonly number[];
  readonly median: number;
}

export interface Goal {
  readonly text: string;
  /** null when the run could not decide (e.g. a part that is not there yet). */
  readonly met: boolean | null;
}

export interface BenchResult {
  readonly name: string;
  readonly title: string;
  readonly mode: Mode;
  readonly date: string;
  readonly machine: Machine;
  readonly parameters: Record<string, unknown>;
  readonly repetitions: number;
  readonly measured: Series;
  readonly baseline: Series;
  /** measured / baseline of the medians (for throughputs: the share of the baseline reached). */
  readonly ratio: number;
  readonly ratioLabel: string;
  readonly goal: Goal;
  /** Further figures of the run (latency percentiles, memory, sizes, profiles). */
  readonly extra: Record<string, unknown>;
  readonly notes: readonly string[];
  readonly durationSeconds: number;
}

export interface Machine {
  readonly nproc: number;
  readonly cpu: string;
  readonly memoryMiB: number;
  readonly node: string;
  readonly postgres: string | null;
  readonly kafka: string | null;
}

export function series(label: string, unit: string, samples: readonly number[]): Series {
  return { label, unit, samples: samples.map((s) => Number(s.toPrecision(6))), median: Number(median(samples).toPrecision(6)) };
}

let machineCache: Machine | null = null;

export function machine(postgres: string | null = null): Machine {
  if (machineCache && (postgres === null || machineCache.postgres === postgres)) return machineCache;
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim()) || nproc;
  } catch {
    // nproc is coreutils; fall back to what Node sees
  }
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    const m = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m?.[1]) cpu = m[1].trim();
  } catch {
    // not Linux
  }
  machineCache = {
    nproc,
    cpu,
    memoryMiB: Math.round(totalmem() / 1024 / 1024),
    node: process.version,
    postgres,
    kafka: null,
  };
  return machineCache;
}

export const RESULTS_DIR = join(__dirname, '..', '..', '..', 'bench', 'results');

/** A full run's figures in bench/results/, a quick run's in bench/results/quick/ (so a quick run never overwrites a full one's). */
export function resultsDir(mode: Mode): string {
  return mode === 'quick' ? join(RESULTS_DIR, 'quick') : RESULTS_DIR;
}

export function writeResult(result: BenchResult, dir = resultsDir(result.mode)): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${result.name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}

function verdict(goal: Goal): string {
  return goal.met === null ? 'n/a' : goal.met ? 'met' : 'MISSED';
}

/** The table printed at the end and written into the README: one row per benchmark. */
export function resultsTable(results: readonly BenchResult[]): string {
  const header = ['#', 'what', 'measured (median)', 'baseline (median)', 'ratio', 'goal', 'result'];
  const rows = results.map((r) => [
    r.name,
    r.title,
    `${fmt(r.measured.median)} ${r.measured.unit}`,
    `${fmt(r.baseline.median)} ${r.baseline.unit}`,
    Number.isFinite(r.ratio) ? `${fmt(r.ratio)}${r.ratioLabel === '' ? '' : ` ${r.ratioLabel}`}` : 'n/a',
    r.goal.text,
    verdict(r.goal),
  ]);
  const lines = [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`);
  return lines.join('\n');
}
