import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../support/e2e-env';
import { api, eventually } from './api';
import { expect, ORGANISATION_UNIT, REFERENCE_DEPARTMENT, signIn, test } from './support';

// A year of its own, so these sheets are drafts whatever the story did with 2024's.
const YEAR = 2026;

interface Sheet {
  sheetId: string;
  version: number;
  status: string;
  projectName: string;
  unitId: string;
  departmentId: string;
  goal: string;
}

async function sheetNamed(projectName: string): Promise<Sheet> {
  const listed = await api<{ items: Sheet[] }>('intake', 'GET', `/sheets?fiscalYear=${YEAR}&limit=1000`);
  const sheet = listed.body.items.find((s) => s.projectName === projectName);
  if (!sheet) throw new Error(`no sheet ${projectName} in ${YEAR}`);
  return sheet;
}

test.describe.serial('editing in the browser: a revision round and a conflict between two tabs', () => {
  test.beforeAll(async () => {
    const text = readFileSync(join(ROOT, 'test', 'fixtures', 'liwan-organization-department.txt'), 'utf8');
    const imported = await api('intake', 'POST', `/imports?fiscalYear=${YEAR}`, { text });
    expect(imported.status).toBe(200);
  });

  test('退回修改 → the clerk edits the goal → resubmits → the unit head sees the change highlighted', async ({ page }) => {
    const sheet = await sheetNamed('关爱党员专项经费');
    const clerk = { id: `demo-clerk-${sheet.unitId}`, role: 'unit_clerk' as const, unitId: sheet.unitId, departmentId: sheet.departmentId, name: '演示经办人' };
    const submitted = await api('intake', 'POST', `/sheets/${sheet.sheetId}/submit`, { actor: clerk, json: { expectedVersion: sheet.version } });
    expect(submitted.status).toBe(200);

    await signIn(page, '单位负责人', { department: REFERENCE_DEPARTMENT, unit: ORGANISATION_UNIT });
    await page.getByRole('menuitem', { name: /待办/ }).click();
    await page.getByRole('link', { name: '关爱党员专项经费', exact: true }).click({ timeout: 30_000 });
    await page.getByRole('button', { name: '退回修改', exact: true }).click();
    await page.getByRole('dialog').getByLabel('绩效目标', { exact: true }).fill('请写明关爱扶助的对象人数和标准');
    await page.getByRole('dialog').getByRole('button', { name: '确定', exact: true }).click();
    await eventually(async () => (await sheetNamed('关爱党员专项经费')).status === 'revision_requested', 'the sheet to be sent back');

    const newGoal = '对全区约100名党内关爱扶助对象按每人每年不低于3000元的标准开展帮扶，体现党组织的关怀。';
    await signIn(page, '单位经办人', { department: REFERENCE_DEPARTMENT, unit: ORGANISATION_UNIT });
    await page.goto(`/sheets/${sheet.sheetId}`);
    await expect(page.getByRole('region', { name: '审核退回修改' })).toContainText('请写明关爱扶助的对象人数和标准');
    await page.getByLabel('绩效目标', { exact: true }).fill(newGoal);
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await eventually(async () => (await sheetNamed('关爱党员专项经费')).goal === newGoal, 'the goal to be saved');
    await page.getByRole('button', { name: '提交', exact: true }).click();
    const dialog = page.getByRole('dialog');
    if (await dialog.isVisible().catch(() => false)) await dialog.getByRole('button', { name: '确定', exact: true }).click();
    await eventually(async () => ['under_review', 'submitted'].includes((await sheetNamed('关爱党员专项经费')).status), 'the resubmission');

    await signIn(page, '单位负责人', { department: REFERENCE_DEPARTMENT, unit: ORGANISATION_UNIT });
    await page.getByRole('menuitem', { name: /待办/ }).click();
    await page.getByRole('link', { name: '关爱党员专项经费', exact: true }).click({ timeout: 30_000 });
    const changes = page.locator('[aria-label="与上一轮报送相比的修改"]');
    await expect(changes).toContainText(newGoal);
    await expect(changes.locator('del')).toContainText('通过开展党内关爱扶助工作');
  });

  test('two tabs edit the same draft: the second 保存 shows what changed and 重新载入 keeps its typing', async ({ page, context }) => {
    const sheet = await sheetNamed('干部工作经费');
    await signIn(page, '单位经办人', { department: REFERENCE_DEPARTMENT, unit: ORGANISATION_UNIT });
    const second = await context.newPage();
    await page.goto(`/sheets/${sheet.sheetId}`);
    await second.goto(`/sheets/${sheet.sheetId}`);
    // Two tabs load the application at once: on a busy two-core machine that takes a while.
    await expect(page.getByLabel('绩效目标', { exact: true })).toBeVisible({ timeout: 60_000 });
    await expect(second.getByLabel('绩效目标', { exact: true })).toBeVisible({ timeout: 60_000 });

    // A tab in the background gets no animation frames in Chromium: each tab is brought to the front before it is used.
    await page.bringToFront();
    await page.getByLabel('绩效目标', { exact: true }).fill('第一个标签页写的绩效目标');
    await page.getByRole('button', { name: '保存', exact: true }).click();
    await eventually(async () => (await sheetNamed('干部工作经费')).goal === '第一个标签页写的绩效目标', 'the first tab to save');

    await second.bringToFront();
    await second.getByLabel('项目名称', { exact: true }).fill('干部工作经费（第二个标签页）');
    await second.getByRole('button', { name: '保存', exact: true }).click();
    const conflict = second.getByTestId('conflict');
    await expect(conflict).toBeVisible();
    await expect(conflict).toContainText('第一个标签页写的绩效目标');
    await second.getByRole('button', { name: '重新载入' }).click();
    await expect(second.getByText('已重新载入最新内容，您的修改已保留，请检查后保存')).toBeVisible();
    await expect(conflict).toBeHidden();
    await expect(second.getByLabel('项目名称', { exact: true })).toHaveValue('干部工作经费（第二个标签页）');
    await expect(second.getByLabel('绩效目标', { exact: true })).toHaveValue('第一个标签页写的绩效目标');
    const save = second.getByRole('button', { name: '保存', exact: true });
    await expect(save).toBeEnabled({ timeout: 30_000 });
    await save.click();
    await eventually(async () => {
      const now = await api<Sheet>('intake', 'GET', `/sheets/${sheet.sheetId}`);
      return now.body.projectName === '干部工作经费（第二个标签页）' && now.body.goal === '第一个标签页写的绩效目标';
    }, 'both edits to be kept');
  });
});
