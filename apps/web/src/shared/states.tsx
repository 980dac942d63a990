import { Alert, Button, Empty, Result, Spin } from 'antd';
import type { ReactNode } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { ApiError } from '../api/http';
import { UI } from '../labels';

export function Loading({ tip }: { tip?: string }) {
  return (
    <div style={{ padding: 48, textAlign: 'center' }} role="status" aria-live="polite">
      <Spin />
      <div style={{ marginTop: 8, color: '#888' }}>{tip ?? UI.loading}</div>
    </div>
  );
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** An error as words: 403 and 404 as what they mean, the rest with the service's message. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const status = error instanceof ApiError ? error.status : 0;
  if (status === 403 && error instanceof ApiError && error.code === 'CSRF') return <Alert type="warning" showIcon title={messageOf(error)} action={<Button onClick={() => window.location.reload()}>{UI.refresh}</Button>} />;
  if (status === 403) return <Result status="403" title={UI.forbidden} subTitle={messageOf(error)} />;
  if (status === 404) return <Result status="404" title={UI.notFound} subTitle={messageOf(error)} />;
  return (
    <Alert
      type="error"
      showIcon
      title={UI.loadFailed}
      description={messageOf(error)}
      action={onRetry ? <Button onClick={onRetry}>{UI.retry}</Button> : undefined}
    />
  );
}

export function EmptyState({ description, children }: { description?: ReactNode; children?: ReactNode }) {
  return (
    <Empty description={description ?? UI.empty} style={{ padding: 32 }}>
      {children}
    </Empty>
  );
}

/** The state of a query as one element: loading, error, or nothing (render the data). */
export function QueryState({ query }: { query: { isPending: boolean; isError: boolean; error: unknown; refetch: () => unknown } }) {
  if (query.isPending) return <Loading />;
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} />;
  return null;
}

export function NotFound() {
  return (
    <Result
      status="404"
      title={UI.notFound}
      extra={
        <Link to="/">
          <Button type="primary">{UI.backHome}</Button>
        </Link>
      }
    />
  );
}

export function RouteError() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  return <Result status="error" title={UI.loadFailed} subTitle={messageOf(error)} extra={<Button onClick={() => window.location.reload()}>{UI.retry}</Button>} />;
}
