/**
 * `npm run bench [-- --quick] [--only B1,B7] [--reps N] [--keep-db]`
 *
 * Runs each benchmark in a process of its own (so one's heap, JIT state and global settings,
 * such as a driver's type parsers, never colour another's figures), each with its baseline in the
 * same process and run, then prints the table and writes bench/results/<name>.json.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Benchmark, createContext } from './lib/context';
import { BENCH_DATABASE, benchPool, dropDatabase, durability, recreateDatabase, serverVersion } from './lib/db';
import { machine, RESULTS_DIR, resultsDir, resultsTable, writeResult, type BenchResult, type Mode } from './lib/results';

/** Loaded in the benchmark's own process only (B2 changes pg's global type parsers, B4 loads Nest). */
const BENCHMARKS: Readonly<Record<string, () => Promise<Benchmark>>> = {
  B1: () => import('./b123-append').then((m) => m.runB1),
  B2: () => import('./b123-append').then((m) => m.runB2),
  B3: () => import('./b123-append').then((m) => m.runB3),
  B4: () => import('./b4-end-to-end').then((m) => m.runB4),
  B5: () => import('./b5-rebuild').then((m) => m.runB5),
  B6: () => import('./b6-xlsx').then((m) => m.runB6),
  B7: () => import('./b7-rules').then((m) => m.runB7),
  B9: () => import('./b9-import').then((m) => m.runB9),
  B10: () => import('./b10-web-bundle').then((m) => m.runB10),
  B11: () => import('./b11-table-render').then((m) => m.runB11),
};
/** Cheap and self-contained first; the one that starts the services last. */
const ORDER = ['B10', 'B7', 'B9', 'B6', 'B1', 'B2', 'B3', 'B5', 'B11', 'B4'];
const ROOT = join(__dirname, '..', '..');

interface Args {
  mode: Mode;
  only: string[];
  reps: number;
  keepDb: boolean;
  child: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { mode: 'full', only: [], reps: 5, keepDb: false, child: null };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = (): string => {
      const [, inline] = arg.split('=', 2);
      if (inline !== undefined) return inline;
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick') args.mode = 'quick';
    else if (arg === '--full') args.mode = 'full';
    else if (arg.startsWith('--mode')) args.mode = value() === 'quick' ? 'quick' : 'full';
    else if (arg.startsWith('--only')) args.only = value().split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
    else if (arg.startsWith('--reps')) args.reps = Math.max(5, Number(value()));
    else if (arg === '--keep-db') args.keepDb = true;
    else if (arg.startsWith('--child')) args.child = value().toUpperCase();
    else if (arg === '--help' || arg === '-h') {
      process.stdout.write('npm run bench [-- --quick] [--only B1,B2,...] [--reps N (>= 5)] [--keep-db]\n');
      process.exit(0);
    } else throw new Error(`unknown argument ${arg} (try --help)`);
  }
  for (const name of args.only) if (!BENCHMARKS[name]) throw new Error(`unknown benchmark ${name}; known: ${ORDER.join(', ')}`);
  return args;
}

async function child(name: string, args: Args): Promise<void> {
  const load = BENCHMARKS[name];
  if (!load) throw new Error(`unknown benchmark ${name}`);
  const benchmark = await load();
  const ctx = createContext(args.mode, args.reps, name);
  const result = await benchmark(ctx);
  writeResult(result);
}

function runChild(name: string, args: Args): Promise<number> {
  return new Promise((resolve) => {
    const childArgs = ['--expose-gc', '--max-old-space-size=6144', join(ROOT, 'tools', 'run.js'), 'bench/main.js', '--child', name, '--mode', args.mode, '--reps', String(args.reps)];
    const proc = spawn(process.execPath, childArgs, { stdio: 'inherit', env: { ...process.env, BUDGET_SKIP_BUILD: '1' } });
    proc.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

function failed(name: string, args: Args, error: string): BenchResult {
  const nan = { label: 'failed', unit: '', samples: [], median: Number.NaN };
  return {
    name,
    title: 'failed',
    mode: args.mode,
    date: new Date().toISOString(),
    machine: machine(),
    parameters: {},
    repetitions: 0,
    measured: nan,
    baseline: nan,
    ratio: Number.NaN,
    ratioLabel: '',
    goal: { text: error, met: null },
    extra: {},
    notes: [error],
    durationSeconds: 0,
  };
}

async function parent(args: Args): Promise<void> {
  const names = ORDER.filter((n) => args.only.length === 0 || args.only.includes(n));
  const started = Date.now();
  await recreateDatabase(BENCH_DATABASE);
  const pool = benchPool(1);
  const pg = await serverVersion(pool);
  const settings = await durability(pool);
  await pool.end();
  const m = machine(pg);
  process.stdout.write(
    `benchmarks (${args.mode}, ${args.reps} repetitions each) on ${m.nproc} × ${m.cpu}, ${m.memoryMiB} MiB, Node ${m.node}, ${pg} ` +
      `(${Object.entries(settings)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')}), database ${BENCH_DATABASE}\n`,
  );
  const results: BenchResult[] = [];
  try {
    for (const name of names) {
      process.stdout.write(`\n==> ${name}\n`);
      const file = join(resultsDir(args.mode), `${name}.json`);
      const before = existsSync(file) ? readFileSync(file, 'utf8') : null;
      rmSync(file, { force: true });
      const t = Date.now();
      const code = await runChild(name, args);
      if (code === 0 && existsSync(file)) {
        const result = JSON.parse(readFileSync(file, 'utf8')) as BenchResult;
        const enriched = { ...result, machine: { ...result.machine, postgres: pg }, parameters: { ...result.parameters, postgresSettings: settings } };
        writeResult(enriched);
        results.push(enriched);
        // B8 (statements per submission) is measured by B4's run and has a row of its own.
        const b8 = (result.extra as { b8?: BenchResult }).b8;
        if (b8) {
          const row = { ...b8, machine: enriched.machine };
          writeResult(row);
          results.push(row);
        }
        process.stdout.write(`    ${name} done in ${Math.round((Date.now() - t) / 1000)} s\n`);
      } else {
        // Keep the previous run's figures on disk; the table says this run failed.
        if (before !== null) writeFileSync(file, before);
        results.push(failed(name, args, `exit code ${code}`));
        process.stdout.write(`    ${name} FAILED (exit code ${code})\n`);
      }
    }
  } finally {
    if (!args.keepDb) await dropDatabase(BENCH_DATABASE).catch(() => undefined);
  }
  const sorted = [...results].sort((a, b) => a.name.localeCompare(b.name));
  const table = resultsTable(sorted);
  const seconds = Math.round((Date.now() - started) / 1000);
  const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
  const heading = `${args.mode} run, ${when} UTC, ${m.nproc} × ${m.cpu}, ${m.memoryMiB} MiB RAM, Node ${m.node}, ${pg}; ${seconds} s`;
  process.stdout.write(`\n${heading}\n\n${table}\n`);
  // A run of some benchmarks (--only) prints its rows but leaves the table of the last whole run as it is.
  if (args.only.length === 0) writeFileSync(join(RESULTS_DIR, `table-${args.mode}.md`), `${heading}\n\n${table}\n`);
  if (results.some((r) => r.title === 'failed')) process.exitCode = 1;
}

const args = parseArgs(process.argv.slice(2));
(args.child ? child(args.child, args) : parent(args)).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
