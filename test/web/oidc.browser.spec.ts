import { e2eEnv } from '../support/e2e-env';
import { expect, screenshot, test } from './support';

/**
 * Production sign-in in the browser: the web server in production mode (no development sign-in),
 * the run's OpenID provider with its own login form, and sign-out at the provider.
 */
test.describe('sign-in through the organisation’s identity provider (production mode)', () => {
  test('one 登录 button, the provider’s login form, the application, and sign-out at the provider', async ({ page, context }) => {
    const base = process.env.WEB_PRODUCTION_URL;
    if (!base) throw new Error('WEB_PRODUCTION_URL is not set: the browser tests\' global setup did not run');
    const issuer = e2eEnv().oidc.issuer;

    await page.goto(`${base}/`);
    await expect(page).toHaveURL(`${base}/login`);
    const signIn = page.getByRole('button', { name: /登\s*录/ });
    await expect(signIn).toHaveCount(1);
    await expect(page.getByText('统一身份认证', { exact: true })).toBeVisible();
    await expect(page.getByLabel('角色')).toHaveCount(0);
    await screenshot(page, '01-login-production');

    await signIn.click();
    await expect(page).toHaveURL(new RegExp(`^${issuer}/interaction/`));
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('wrong');
    await page.getByRole('button', { name: '登录' }).click();
    await expect(page.getByRole('alert')).toHaveText('用户名或密码错误');
    await page.getByLabel('用户名').fill('admin');
    await page.getByLabel('密码').fill('admin-pass');
    await page.getByRole('button', { name: '登录' }).click();

    await expect(page).toHaveURL(new RegExp(`^${base}/`));
    await expect(page.getByTestId('current-user')).toContainText('统一认证管理员（系统管理员）');
    await expect(page.getByRole('menuitem', { name: /管理/ })).toBeVisible();
    const session = (await context.cookies(base)).find((c) => c.name === 'budget_session');
    expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate('JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage })')).toBe('{}{}');

    await page.getByRole('button', { name: /退出登录/ }).click();
    await expect(page.getByText('是否退出统一身份认证？')).toBeVisible();
    await page.getByRole('button', { name: '退出' }).click();
    await expect(page).toHaveURL(`${base}/login`);
    await expect(page.getByRole('button', { name: /登\s*录/ })).toBeVisible();
    expect((await page.request.get(`${base}/auth/me`)).status()).toBe(401);
  });

  test('the sign-in page says why a sign-in came back without a session', async ({ page }) => {
    const base = process.env.WEB_PRODUCTION_URL!;
    await page.goto(`${base}/auth/oidc/callback?code=stolen&state=${'x'.repeat(43)}`);
    await expect(page).toHaveURL(`${base}/login?error=state`);
    await expect(page.getByText('登录已超时或已在其他窗口完成，请重新登录。')).toBeVisible();
  });
});
