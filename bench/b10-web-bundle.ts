/**
 * B10: the JavaScript a browser must load before the first screen, gzip-compressed: the entry
 * script of index.html and the modules it preloads. Each area is a chunk of its own, loaded when
 * first opened; the largest of those is reported beside it. The build is the production build of
 * the current sources, made by this benchmark into a folder of its own.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type BenchContext } from './lib/context';
import { series, type BenchResult } from './lib/results';
import { now } from './lib/stats';

export const GOAL_INITIAL_GZIP_KB = 400;
const ROOT = join(__dirname, '..', '..');

function gzipKb(file: string): number {
  return gzipSync(readFileSync(file), { level: 9 }).length / 1024;
}

/** The files index.html loads at once: its module script and its modulepreload links. */
export function initialAssets(indexHtml: string): string[] {
  const found = new Set<string>();
  for (const m of indexHtml.matchAll(/<script[^>]+src="([^"]+\.js)"/g)) found.add(m[1]!);
  for (const m of indexHtml.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+\.js)"/g)) found.add(m[1]!);
  return [...found].map((src) => src.replace(/^\//, ''));
}

export function runB10(ctx: BenchContext): Promise<BenchResult> {
  const started = now();
  const out = mkdtempSync(join(tmpdir(), 'b10-'));
  try {
    const buildStart = now();
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'apps', 'web', 'vite.config.mts'), '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: ROOT,
      // What browsers get: Vite builds React's development code when NODE_ENV says development,
      // which `npm run bench` sets for the services it starts.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const buildSeconds = (now() - buildStart) / 1000;
    const initial = initialAssets(readFileSync(join(out, 'index.html'), 'utf8'));
    const initialKb = initial.reduce((sum, file) => sum + gzipKb(join(out, file)), 0);
    const chunks = readdirSync(join(out, 'assets')).filter((f) => f.endsWith('.js'));
    const lazy = chunks.filter((f) => !initial.includes(`assets/${f}`)).map((f) => ({ file: f, gzipKb: Number(gzipKb(join(out, 'assets', f)).toFixed(1)) }));
    lazy.sort((a, b) => b.gzipKb - a.gzipKb);
    ctx.log(`initial ${initialKb.toFixed(1)} KB gzip in ${initial.length} file(s); ${lazy.length} lazy chunks, largest ${lazy[0]?.file ?? '-'} ${lazy[0]?.gzipKb ?? 0} KB`);
    const measured = series('initial JavaScript, gzip', 'KB', [initialKb]);
    const goal = series('goal', 'KB', [GOAL_INITIAL_GZIP_KB]);
    return Promise.resolve({
      name: 'B10',
      title: 'initial JavaScript of the web application (gzip)',
      mode: ctx.mode,
      date: new Date().toISOString(),
      machine: ctx.machine(),
      parameters: { build: 'vite production build of apps/web', compression: 'gzip level 9' },
      repetitions: 1,
      measured,
      baseline: goal,
      ratio: initialKb / GOAL_INITIAL_GZIP_KB,
      ratioLabel: '× the 400 KB budget',
      goal: { text: `≤ ${GOAL_INITIAL_GZIP_KB} KB gzip, each area lazy-loaded`, met: initialKb <= GOAL_INITIAL_GZIP_KB && lazy.length > 0 },
      extra: { initialFiles: initial, lazyChunks: lazy, buildSeconds: Number(buildSeconds.toFixed(1)) },
      notes: ['A size, not a timing: one build gives the figure exactly, so one repetition.'],
      durationSeconds: Math.round((now() - started) / 1000),
    });
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
