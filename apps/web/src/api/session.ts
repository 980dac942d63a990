import type { Actor, Role } from '@budget/domain';
import { type QueryClient, useQuery, useQueryClient } from '@tanstack/react-query';
import { onSessionLost } from './client';
import { ApiError, authRequest, setCsrfToken } from './http';

export interface SessionInfo {
  readonly actor: Actor;
  readonly roleLabel: string;
  readonly csrfToken: string;
  readonly via: 'dev' | 'oidc';
}

export const SESSION_KEY = ['session'] as const;

async function loadSession(): Promise<SessionInfo | null> {
  try {
    const session = await authRequest<SessionInfo>('/me');
    setCsrfToken(session.csrfToken);
    return session;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      setCsrfToken(undefined);
      return null;
    }
    throw e;
  }
}

/**
 * When a service answers 401 (the session expired, or ended in another tab), nobody is signed in
 * any more: the layout then sends the browser to /login, remembering where it was.
 */
export function endSessionOnUnauthorized(client: QueryClient): () => void {
  return onSessionLost(() => {
    setCsrfToken(undefined);
    client.setQueryData(SESSION_KEY, null);
  });
}

/** Who is signed in (null: nobody). */
export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: loadSession, staleTime: 60_000, retry: false });
}

/** The signed-in person; only inside the signed-in part of the application. */
export function useActor(): Actor {
  const { data } = useSession();
  if (!data) throw new Error('useActor outside a session');
  return data.actor;
}

/**
 * Ends the session. Signed in through the organisation's provider, the browser then goes there to
 * sign out too (RP-initiated logout), and the provider sends it back to the sign-in page: true.
 */
export function useSignOut() {
  const client = useQueryClient();
  return async (): Promise<boolean> => {
    const answer = await authRequest<{ redirect?: string } | undefined>('/logout', { method: 'POST' });
    setCsrfToken(undefined);
    client.clear();
    client.setQueryData(SESSION_KEY, null);
    if (answer?.redirect) {
      window.location.assign(answer.redirect);
      return true;
    }
    return false;
  };
}

export function hasRole(actor: Actor, ...roles: Role[]): boolean {
  return roles.includes(actor.role);
}
