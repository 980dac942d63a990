import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { LoginPage } from './LoginPage';

// The application's frame is not part of this page; Ant Design's icons are ES modules Jest does not load.
jest.mock('../../app/AppLayout', () => ({ homePath: () => '/' }));
jest.mock('@ant-design/icons', () => ({ SafetyCertificateOutlined: () => null }));

/** The web server's /auth answers: nobody signed in, and the given sign-in methods. */
function server(methods: { development: boolean; oidc: boolean }) {
  const answer = (status: number, body: unknown) => ({ ok: status < 400, status, json: () => Promise.resolve(body) });
  globalThis.fetch = jest.fn((url: string) => {
    if (url === '/auth/me') return Promise.resolve(answer(401, { message: '请先登录' }));
    if (url === '/auth/methods') return Promise.resolve(answer(200, methods));
    return Promise.resolve(answer(404, {}));
  }) as unknown as typeof fetch;
}

function page(path = '/login') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[path]}>
        <LoginPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

describe('the sign-in page', () => {
  it('in production: one 登录 button for 统一身份认证, and no development form', async () => {
    server({ development: false, oidc: true });
    page();
    expect(await screen.findByRole('button', { name: /登\s*录/ })).toBeTruthy();
    expect(screen.getAllByRole('button')).toHaveLength(1);
    expect(screen.getByText('统一身份认证')).toBeTruthy();
    expect(screen.getByText('请通过本单位统一身份认证登录。')).toBeTruthy();
    expect(screen.queryByText('角色')).toBeNull();
  });

  it('says in words why a sign-in came back without a session', async () => {
    server({ development: false, oidc: true });
    page('/login?error=role');
    expect(await screen.findByText('您的统一身份认证账号没有本系统的角色（或有多个），请联系系统管理员。')).toBeTruthy();
  });
});
