// Runs a compiled entry point from dist/, resolving the workspace's @budget/* aliases to
// their compiled libraries (tsc keeps path aliases as written). Builds first when a source
// file is newer than the last build, so `npm run cli` never runs stale code.
'use strict';
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const buildInfo = path.join(dist, '.tsbuildinfo');

function newestSource(dir, newest = 0) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = newestSource(full, newest);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function buildIfStale() {
  if (process.env.BUDGET_SKIP_BUILD === '1') return;
  const built = fs.existsSync(buildInfo) ? fs.statSync(buildInfo).mtimeMs : 0;
  const newest = Math.max(newestSource(path.join(root, 'apps')), newestSource(path.join(root, 'libs')));
  if (newest <= built) return;
  process.stderr.write('building (tsc)…\n');
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const now = new Date();
  fs.utimesSync(buildInfo, now, now);
}

const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveWorkspaceAlias(request, ...rest) {
  if (request.startsWith('@budget/')) {
    request = path.join(dist, 'libs', request.slice('@budget/'.length), 'src', 'index.js');
  }
  return originalResolve.call(this, request, ...rest);
};

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node tools/run.js <path of an entry point under dist/, e.g. apps/intake/src/main.js>');
  process.exit(2);
}
buildIfStale();
const target = path.join(dist, entry);
if (!fs.existsSync(target)) {
  console.error(`${target} does not exist after the build`);
  process.exit(2);
}
process.argv.splice(1, 2, target);
require(target);
