import type { Actor } from '@budget/domain';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import { AppConfig } from '../../app/AppConfig';
import { SESSION_KEY, type SessionInfo } from '../session';

/**
 * Renders as main.tsx does (the application's Ant Design settings, a fresh query client), in a
 * router at `path`, with `actor` signed in when given.
 */
export function renderApp(ui: ReactElement, opts: { actor?: Actor; path?: string } = {}) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  if (opts.actor) client.setQueryData<SessionInfo>(SESSION_KEY, { actor: opts.actor, roleLabel: '', csrfToken: 't0k', via: 'dev' });
  const result = render(
    <AppConfig>
      <QueryClientProvider client={client}>
        <MemoryRouter initialEntries={[opts.path ?? '/']}>{ui}</MemoryRouter>
      </QueryClientProvider>
    </AppConfig>,
  );
  return { ...result, client };
}
