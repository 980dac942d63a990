import type { Server } from 'node:http';
import { metricsSettings, startMetricsServer } from './metrics-server';
import { ServiceMetrics } from './metrics';

const PORT = 21511;
const TOKEN = 'a-scrape-token-of-thirty-two-chars!';
let server: Server;
const metrics = new ServiceMetrics('intake');

beforeAll(async () => {
  metrics.addSource('outbox', () => {
    metrics.outboxBacklog.set(7);
    metrics.outboxOldestAge.set(12.5);
    return Promise.resolve();
  });
  metrics.addSource('kafka', () => Promise.reject(new Error('broker away')));
  server = await startMetricsServer(metrics, { port: PORT, host: '127.0.0.1', token: TOKEN });
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

const scrape = (path = '/metrics', headers: Record<string, string> = {}) => fetch(`http://127.0.0.1:${PORT}${path}`, { headers });

describe('the metrics port', () => {
  it('given no token or a wrong one, then a scrape is refused with 401 and shows nothing', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: 'Bearer wrong' }, { authorization: TOKEN }]) {
      const res = await scrape('/metrics', headers);
      expect(res.status).toBe(401);
      expect(await res.text()).toBe('');
    }
  });

  it('given the token, then the metrics come with their sources read and the service label', async () => {
    const res = await scrape('/metrics', { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('budget_outbox_backlog{service="intake"} 7');
    expect(text).toContain('budget_outbox_oldest_age_seconds{service="intake"} 12.5');
    // A source that fails is counted, and the others are served all the same.
    expect(text).toContain('budget_metrics_collect_errors_total{source="kafka",service="intake"} 1');
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('serves nothing but /metrics', async () => {
    expect((await scrape('/sheets', { authorization: `Bearer ${TOKEN}` })).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${PORT}/metrics`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(405);
  });
});

describe('metricsSettings', () => {
  it('given nothing, then no metrics port, loopback by default', () => {
    expect(metricsSettings({})).toEqual({ port: undefined, host: '127.0.0.1', token: undefined });
  });

  it('refuses, in production, a metrics port beyond loopback without a token', () => {
    expect(() => metricsSettings({ NODE_ENV: 'production', METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0' })).toThrow(/METRICS_TOKEN/);
    expect(metricsSettings({ NODE_ENV: 'production', METRICS_PORT: '9464', METRICS_HOST: '0.0.0.0', METRICS_TOKEN: TOKEN })).toMatchObject({ port: 9464, host: '0.0.0.0' });
    expect(metricsSettings({ NODE_ENV: 'production', METRICS_PORT: '9464' })).toMatchObject({ host: '127.0.0.1', token: undefined });
  });

  it('refuses a short token and a port that is not one', () => {
    expect(() => metricsSettings({ METRICS_TOKEN: 'short' })).toThrow(/at least 24/);
    expect(() => metricsSettings({ METRICS_PORT: 'http' })).toThrow(/port number/);
  });
});
