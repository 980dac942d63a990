#!/usr/bin/env node
'use strict';
// One closing line over the result files in a folder (Jest's and Playwright's JSON), in the plain
// form CI reads: `tests: N passed, N failed, N skipped`. Exit 1 when something failed or nothing ran.
//   node scripts/test-summary.js .local/test-results
const fs = require('node:fs');
const path = require('node:path');

const dir = process.argv[2];
let passed = 0, failed = 0, skipped = 0;
for (const f of fs.readdirSync(dir).filter((name) => name.endsWith('.json'))) {
  const r = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  if (r.stats) {
    // Playwright: a run that broke before its tests (errors) counts as a failure.
    passed += r.stats.expected; failed += r.stats.unexpected + r.stats.flaky + (r.errors?.length ?? 0); skipped += r.stats.skipped;
  } else {
    passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + r.numTodoTests;
  }
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
