import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { LOCAL_DIR } from '../support/e2e-env';

export { expect };

/**
 * Playwright's test with the web server of the global setup as base URL. When a test fails, the
 * text and the browser errors of every open tab go to the log too: a CI run keeps its log, not
 * its screenshots.
 */
export const test = base.extend<{ failureReport: void }>({
  baseURL: async ({}, use) => {
    const url = process.env.WEB_BASE_URL;
    if (!url) throw new Error('WEB_BASE_URL is not set: the browser tests\' global setup did not run');
    await use(url);
  },
  failureReport: [
    async ({ context }, use, testInfo) => {
      const errors: string[] = [];
      const listen = (p: Page) => {
        p.on('pageerror', (e) => errors.push(`${p.url()}: ${e.message}`));
        p.on('console', (m) => {
          if (m.type() === 'error') errors.push(`${p.url()}: console: ${m.text()}`);
        });
      };
      context.pages().forEach(listen);
      context.on('page', listen);
      await use();
      if (testInfo.status === testInfo.expectedStatus) return;
      const tabs = await Promise.all(
        context.pages().map(async (p, i) => `--- tab ${i + 1}: ${p.url()}\n${await p.locator('body').innerText({ timeout: 2_000 }).catch((e: Error) => `(unreadable: ${e.message})`)}`),
      );
      console.log(`==== what the browser showed when "${testInfo.title}" failed\n${tabs.join('\n')}\n--- errors in the pages\n${errors.join('\n') || '(none)'}\n====`);
    },
    { auto: true },
  ],
});

export const REFERENCE_DEPARTMENT = '中国共产党广州市荔湾区委员会组织部';
export const ORGANISATION_UNIT = '中国共产党广州市荔湾区委员会组织部';
export const SERVICE_CENTRE_UNIT = '广州市荔湾区党群服务中心';

/**
 * Picks an option of an Ant Design Select, found by its form label. A click that lands while the
 * list is still opening can be lost (the list stays open, nothing chosen: seen once in CI), so the
 * pick is tried again until the list has closed and the field shows the option.
 */
export async function choose(page: Page, label: string, option: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  const formItem = page.locator('.ant-form-item', { has: field });
  const openList = page.locator('.ant-select-dropdown:visible');
  await expect(async () => {
    if ((await openList.count()) === 0) await field.click({ timeout: 5_000 });
    await openList.locator('.ant-select-item-option', { hasText: option }).first().click({ timeout: 5_000 });
    // The next Select's options may read the same (a department and its first unit): let this list close first.
    await expect(openList).toHaveCount(0, { timeout: 5_000 });
    await expect(formItem).toContainText(option, { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });
}

/** Signs in on the development sign-in page as the demo user of a role (and department, unit). */
export async function signIn(page: Page, role: string, org: { department?: string; unit?: string } = {}): Promise<void> {
  await page.context().clearCookies();
  await page.goto('/login');
  await choose(page, '角色', role);
  if (org.department) await choose(page, '部门', org.department);
  if (org.unit) await choose(page, '单位', org.unit);
  await page.getByRole('button', { name: /登\s*录/ }).click();
  await expect(page.getByTestId('current-user')).toContainText(role);
}

/** A screenshot of what the person sees, for the README (SCREENSHOT_DIR=docs/screenshots to refresh those). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SCREENSHOT_DIR ?? join(LOCAL_DIR, 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}
