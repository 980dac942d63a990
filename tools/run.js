// Runs a compiled entry point from dist/, resolving the workspace's @budget/* aliases
// to their compiled libraries (tsc keeps the path aliases as written).
'use strict';
const Module = require('node:module');
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');
const originalResolve = Module._resolveFilename;
Module._resolveFilename = function resolveWorkspaceAlias(request, ...rest) {
  if (request.startsWith('@budget/')) {
    request = path.join(dist, 'libs', request.slice('@budget/'.length), 'src', 'index.js');
  }
  return originalResolve.call(this, request, ...rest);
};

const entry = process.argv[2];
if (!entry) {
  console.error('usage: node tools/run.js <path of a .js file under dist/, e.g. apps/intake/src/main.js>');
  process.exit(2);
}
const target = path.join(dist, entry);
if (!fs.existsSync(target)) {
  console.error(`${target} does not exist: run "npm run build" first.`);
  process.exit(2);
}
process.argv.splice(1, 2, target);
require(target);
