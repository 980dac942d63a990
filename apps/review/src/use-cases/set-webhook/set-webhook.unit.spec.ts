import { resolveNotificationsConfig } from '@budget/notifications';
import { InMemoryNotificationDirectory } from '../../testing/notifications-doubles';
import { f } from '../../testing/review-scenario';
import { SetWebhookCommand, SetWebhookHandler, type WebhookSetting } from './set-webhook.handler';

const SECRET = 'a-secret-of-16-chars';

function given(webhook: { readonly allow?: readonly string[]; readonly requireHttps?: boolean } = {}) {
  const hooks = new InMemoryNotificationDirectory();
  const handler = new SetWebhookHandler(hooks, resolveNotificationsConfig({ schema: 'review', webhook: { allow: webhook.allow ?? [], requireHttps: webhook.requireHttps ?? false } }));
  const set = (id: string, setting: Partial<WebhookSetting>) => handler.execute(new SetWebhookCommand(id, { url: 'https://93.184.216.34/budget', secret: SECRET, ...setting }));
  return { hooks, set };
}

describe('set-webhook (登记 Webhook)', () => {
  it('given a public receiver, when an admin registers it for a department, then it is subscribed and the answer hides the credentials in its URL', async () => {
    const { hooks, set } = given();
    const view = await set('hook-1', { url: 'https://user:pw@93.184.216.34/budget', departmentId: f.DEPT, kinds: ['final_decision'], description: '财政局' });
    expect(view).toEqual({ id: 'hook-1', url: 'https://***@93.184.216.34/budget', departmentId: f.DEPT, unitId: null, kinds: ['final_decision'], active: true });
    expect(await hooks.directory.webhookSubscription('hook-1')).toEqual({
      id: 'hook-1',
      url: 'https://user:pw@93.184.216.34/budget',
      secret: SECRET,
      departmentId: f.DEPT,
      kinds: ['final_decision'],
      active: true,
    });
    expect(hooks.registered.webhooks[0]).toMatchObject({ description: '财政局' });
  });

  it('answers every kind (an empty list) and active when the request leaves them out', async () => {
    const { set } = given();
    await expect(set('hook-2', { active: false })).resolves.toEqual({ id: 'hook-2', url: 'https://93.184.216.34/budget', departmentId: null, unitId: null, kinds: [], active: false });
  });

  describe('refuses a receiver the delivery would refuse, on the url field, registering nothing', () => {
    const refusals: readonly [string, Parameters<typeof given>[0], string, string][] = [
      ['an inside address', {}, 'http://127.0.0.1:8080/hook', '接收地址指向'],
      ['plain http where https is required', { requireHttps: true }, 'http://93.184.216.34/hook', '生产环境的接收地址必须使用 https'],
      ['a URL that does not parse', {}, 'https://[bad/hook', '接收地址不是有效的网址'],
    ];
    it.each(refusals)('refuses %s', async (_what, policy, url, message) => {
      const { hooks, set } = given(policy);
      const refused = await set('hook-x', { url }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(refused).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringContaining(message) as unknown });
      expect(refused).toMatchObject({ details: { fieldErrors: [{ field: 'url', message: expect.stringContaining(message) as unknown }] } });
      expect(hooks.registered.webhooks).toEqual([]);
    });

    it('lets an allowed inside address through', async () => {
      const { hooks, set } = given({ allow: ['127.0.0.1/32'] });
      await set('hook-local', { url: 'http://127.0.0.1:8080/hook' });
      expect(hooks.registered.webhooks.map((w) => w.id)).toEqual(['hook-local']);
    });
  });
});
