import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { e2eEnv, ROOT, serviceEnv } from '../support/e2e-env';
import { api, eventually } from './api';
import { expect, ORGANISATION_UNIT, REFERENCE_DEPARTMENT, SERVICE_CENTRE_UNIT, screenshot, signIn, test } from './support';

const YEAR = '2024';
const REFERENCE = join(ROOT, 'test', 'fixtures', 'liwan-organization-department.txt');

/** The CLI's play, as a person would run it: every draft of the department but ZXRCBT through sign-off. */
function playAllButZxrcbt(): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'tools', 'run.js'), 'apps/cli/src/main.js', 'play', '--department', REFERENCE_DEPARTMENT, '--year', YEAR, '--except', 'ZXRCBT'], {
      env: serviceEnv(e2eEnv()),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`play exited ${code}:\n${output}`))));
  });
}

/** Beijing time as the 截至时间 field takes it. */
function beijing(date: Date): string {
  return new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}

async function openReviewOf(page: Page, project: string): Promise<void> {
  await page.getByRole('menuitem', { name: /待办/ }).click();
  await page.getByRole('link', { name: project, exact: true }).click();
  await expect(page.getByTestId('review-status')).toBeVisible();
}

async function confirmDialog(page: Page): Promise<void> {
  await page.getByRole('dialog').getByRole('button', { name: '确定', exact: true }).click();
  await expect(page.getByRole('dialog')).toHaveCount(0);
}

test.describe.serial('a sheet from the published table to the consolidated table, through the screens only', () => {
  let sheetId = '';
  let beforeFinance = new Date();

  test('an administrator imports the reference table from 管理', async ({ page }) => {
    await signIn(page, '系统管理员');
    await page.getByRole('menuitem', { name: /管理/ }).click();
    await page.getByLabel('导入年度').fill(YEAR);
    await page.locator('input[type=file]').setInputFiles(REFERENCE);
    await expect(page.getByTestId('import-grand-total')).toContainText('302.20');
    await screenshot(page, '07-admin-import');
    await page.getByRole('button', { name: '确认导入' }).click();
    await expect(page.getByText('导入完成')).toBeVisible();
    await playAllButZxrcbt();
  });

  test('the administrator reads the working-day calendar the due dates count on (管理 · 工作日历)', async ({ page }) => {
    await signIn(page, '系统管理员');
    await page.getByRole('menuitem', { name: /管理/ }).click();
    await page.getByRole('tab', { name: '工作日历' }).click();
    // The tab opens on this year (Beijing); every published year lists 元旦 as a statutory holiday.
    await expect(page.getByRole('cell', { name: /^元旦/ }).first()).toBeVisible();
    await screenshot(page, '09-admin-calendar');
  });

  test('the clerk opens ZXRCBT, sees S01 and S02 as they are, and submits asking for the waivers', async ({ page }) => {
    await signIn(page, '单位经办人', { department: REFERENCE_DEPARTMENT, unit: ORGANISATION_UNIT });
    await page.getByRole('menuitem', { name: /填报/ }).click();
    // Other years may hold a ZXRCBT of their own (the editing tests import 2026): the row of this year's.
    await page.getByRole('row').filter({ hasText: 'ZXRCBT' }).filter({ hasText: YEAR }).getByRole('link', { name: 'ZXRCBT', exact: true }).click();
    await page.waitForURL(/\/sheets\/[\w-]{8,}$/);
    sheetId = /\/sheets\/([\w-]+)/.exec(page.url())![1]!;
    const findings = page.getByRole('region', { name: '审核提示' });
    await expect(findings).toContainText('S01');
    await expect(findings).toContainText('S02');
    await screenshot(page, '02-sheet-editor');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('豁免理由 S01').fill('按已公开的目标表保留原样，该项目未填写绩效目标');
    await dialog.getByLabel('豁免理由 S02').fill('按已公开的目标表保留原样，该项目未设绩效指标');
    await confirmDialog(page);
    await expect(page.getByTestId('sheet-status')).not.toHaveText('草稿');
  });

  test('the unit head approves', async ({ page }) => {
    await signIn(page, '单位负责人', { department: REFERENCE_DEPARTMENT, unit: ORGANISATION_UNIT });
    await expect(page.getByRole('link', { name: 'ZXRCBT', exact: true })).toBeVisible({ timeout: 30_000 });
    await screenshot(page, '01-tasks');
    await openReviewOf(page, 'ZXRCBT');
    await page.getByRole('button', { name: '审核通过', exact: true }).click();
    await confirmDialog(page);
    await expect(page.getByTestId('review-status')).toBeVisible();
  });

  test('the department reviewer grants the waivers and approves', async ({ page }) => {
    await signIn(page, '部门审核人', { department: REFERENCE_DEPARTMENT });
    await expect(page.getByRole('link', { name: 'ZXRCBT', exact: true })).toBeVisible({ timeout: 30_000 });
    await openReviewOf(page, 'ZXRCBT');
    await page.getByRole('button', { name: '同意豁免', exact: true }).click();
    await page.getByRole('dialog').getByLabel('理由').fill('该项目按原样公开，同意豁免');
    await confirmDialog(page);
    await screenshot(page, '03-review');
    await page.getByRole('button', { name: '审核通过', exact: true }).click();
    await confirmDialog(page);
  });

  test('finance grades 良', async ({ page }) => {
    await signIn(page, '财政审核人');
    await expect(page.getByRole('link', { name: 'ZXRCBT', exact: true })).toBeVisible({ timeout: 30_000 });
    beforeFinance = new Date();
    await openReviewOf(page, 'ZXRCBT');
    await page.getByRole('button', { name: '评定等级', exact: true }).click();
    await page.getByRole('dialog').getByRole('radio', { name: '良', exact: true }).check();
    await confirmDialog(page);
    await eventually(async () => (await api('intake', 'GET', `/sheets/${sheetId}`)).body.status === 'approved', 'the sheet to be approved');
  });

  test('the clerk finds the decisions in 通知', async ({ page }) => {
    await signIn(page, '单位经办人', { department: REFERENCE_DEPARTMENT, unit: ORGANISATION_UNIT });
    await page.getByRole('menuitem', { name: /通知/ }).click();
    // ZXRCBT is on 待办 too: wait for the inbox itself and the decision's notification, in NOTIFICATION_TEXTS' words.
    await expect(page.getByRole('heading', { name: '通知', exact: true })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByRole('main')).toContainText('绩效目标审核通过：ZXRCBT', { timeout: 30_000 });
    await screenshot(page, '04-inbox');
  });

  test('the 汇总表 shows 302.20 and ZXRCBT', async ({ page }) => {
    await signIn(page, '部门审核人', { department: REFERENCE_DEPARTMENT });
    await page.getByRole('menuitem', { name: /汇总表/ }).click();
    await expect(page.getByTestId('grand-total')).toHaveText('302.20', { timeout: 30_000 });
    await expect(page.locator('tbody tr[data-kind="project"]', { hasText: 'ZXRCBT' })).toHaveCount(1);
    await screenshot(page, '05-table');
  });

  test('the auditor reads the 变更记录, the table as of a moment before the approval, and the 对比', async ({ page }) => {
    await signIn(page, '审计人员');
    await page.goto(`/audit/sheets/${sheetId}`);
    await expect(page.getByRole('article').first()).toBeVisible();
    await expect(page.locator('body')).toContainText('等级：良');
    await page.getByRole('button', { name: '校验哈希链' }).click();
    await expect(page.getByText('哈希链校验：通过')).toBeVisible();
    await screenshot(page, '06-audit-history');

    await page.getByRole('menuitem', { name: /汇总表/ }).click();
    await expect(page.getByTestId('grand-total')).toHaveText('302.20', { timeout: 30_000 });
    await page.getByLabel('截至时间').fill(beijing(beforeFinance));
    await page.getByLabel('截至时间').press('Enter');
    await expect(page.getByTestId('grand-total')).toHaveText('252.20');
    await expect(page.locator('tbody tr[data-kind="project"]', { hasText: 'ZXRCBT' })).toHaveCount(0);

    await page.getByRole('button', { name: '对比' }).click();
    await page.getByLabel('对比起始时间').fill(beijing(beforeFinance));
    await page.getByLabel('对比起始时间').press('Enter');
    await page.getByLabel('对比结束时间').fill(beijing(new Date()));
    await page.getByLabel('对比结束时间').press('Enter');
    await page.getByRole('button', { name: '开始对比' }).click();
    const diff = page.getByRole('region', { name: '对比' }).last();
    await expect(diff).toContainText('ZXRCBT');
    await diff.scrollIntoViewIfNeeded();
    await screenshot(page, '08-table-diff');
  });

  test('a clerk of another unit sees none of it', async ({ page }) => {
    await signIn(page, '单位经办人', { department: REFERENCE_DEPARTMENT, unit: SERVICE_CENTRE_UNIT });
    await page.getByRole('menuitem', { name: /汇总表/ }).click();
    await expect(page.locator('tbody tr[data-kind="project"]').first()).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('tbody tr', { hasText: 'ZXRCBT' })).toHaveCount(0);
    await expect(page.getByTestId('grand-total')).toHaveText('7.00');
    await page.goto(`/sheets/${sheetId}`);
    await expect(page.locator('body')).toContainText(/无权|不存在|未找到/);
    await expect(page.locator('body')).not.toContainText('ZXRCBT');
    await page.goto(`/audit/sheets/${sheetId}`);
    await expect(page.locator('body')).not.toContainText('等级：良');
  });
});
