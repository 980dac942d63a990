import { join } from 'node:path';
import { defineConfig } from '@playwright/test';

const root = join(__dirname, '..', '..');
const local = process.env.BUDGET_LOCAL_DIR ?? join(root, '.local');

/**
 * Browser tests in Debian's Chromium (Playwright's own browser builds are never downloaded), one
 * worker: the tests tell one story on one stack, in file order.
 */
export default defineConfig({
  testDir: __dirname,
  testMatch: '**/*.browser.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 20_000 },
  globalSetup: './global-setup.ts',
  globalTeardown: '../support/global-teardown.ts',
  outputDir: join(local, 'playwright'),
  reporter: [['list'], ['json', { outputFile: process.env.BROWSER_RESULTS ?? join(local, 'test-results', 'browser.json') }]],
  use: {
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    actionTimeout: 15_000,
  },
});
