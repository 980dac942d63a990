import { api } from './api';
import { expect, screenshot, signIn, test } from './support';

test.describe('sign-in and the web server', () => {
  test('the sign-in page lists the roles and signs in as an administrator', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
    // The form, not its loading spinner (the README shows this screenshot).
    await expect(page.getByLabel('角色', { exact: true })).toBeVisible({ timeout: 30_000 });
    await screenshot(page, '01-login');
    await signIn(page, '系统管理员');
    await expect(page.getByRole('menuitem', { name: /管理/ })).toBeVisible();
    await expect(page.getByRole('menuitem', { name: /填报/ })).toHaveCount(0);
  });

  test('no token in the browser: the session is an HttpOnly, SameSite=Strict cookie and storage stays empty', async ({ page, context }) => {
    await signIn(page, '审计人员');
    const cookies = await context.cookies();
    const session = cookies.find((c) => c.name === 'budget_session');
    expect(session?.httpOnly).toBe(true);
    expect(session?.sameSite).toBe('Strict');
    const stored = await page.evaluate("JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })");
    expect(stored).toBe('{}{}');
  });

  test('a state-changing request without the CSRF token is refused and changes nothing', async ({ page }) => {
    await signIn(page, '系统管理员');
    const before = await api('intake', 'GET', '/departments');
    const status = await page.evaluate(async () => {
      const res = await fetch('/api/intake/departments', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '伪造的部门' }) });
      return { status: res.status, body: (await res.json()) as { message: string } };
    });
    expect(status.status).toBe(403);
    expect(status.body.message).toContain('页面已过期');
    const after = await api('intake', 'GET', '/departments');
    expect(after.body).toEqual(before.body);
  });

  test('the API refuses a request without a session', async ({ request }) => {
    const res = await request.get('/api/intake/sheets');
    expect(res.status()).toBe(401);
    expect((await res.json()).message).toBe('请先登录');
    const headers = res.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
  });
});

test.describe('the development sign-in refuses what does not exist', () => {
  test('a unit outside the chosen department, or an unknown role, gets a 400 in words and no session', async ({ request }) => {
    const departments = await api('intake', 'GET', '/departments');
    const departmentId: string | undefined = departments.body.items[0]?.departmentId;
    const bogusUnit = await request.post('/auth/dev/login', { data: { role: 'unit_clerk', departmentId: departmentId ?? 'none', unitId: 'not-a-unit' } });
    expect(bogusUnit.status()).toBe(400);
    expect((await bogusUnit.json()).message).toMatch(/所选单位不属于所选部门|所选部门不存在/);
    const bogusRole = await request.post('/auth/dev/login', { data: { role: 'system' } });
    expect(bogusRole.status()).toBe(400);
    expect((await bogusRole.json()).message).toBe('请选择角色');
    expect((await request.get('/api/intake/sheets')).status()).toBe(401);
  });
});
