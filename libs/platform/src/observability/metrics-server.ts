import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { type AddressInfo } from 'node:net';
import { isProductionMode } from '../config';
import type { ServiceMetrics } from './metrics';

/**
 * Where /metrics is served. Not on the service's API port: that port is what the web server,
 * the CLI and an ingress reach, and metrics tell an attacker a lot (routes, volumes, lag, the dead
 * letters piling up after their probe). A port of its own, on loopback unless told otherwise, is
 * outside every route of the API (and of the route matrix test), cannot be reached through the
 * web server's /api proxy, and in Kubernetes is opened by a NetworkPolicy to the monitoring
 * namespace only. METRICS_TOKEN adds a bearer token on top; it is required in production when the
 * port listens beyond loopback.
 */
export interface MetricsSettings {
  /** METRICS_PORT; unset: no metrics endpoint (e.g. three services on one developer machine). */
  readonly port: number | undefined;
  /** METRICS_HOST, default 127.0.0.1. */
  readonly host: string;
  /** METRICS_TOKEN: when set, a scrape needs `Authorization: Bearer <token>`. */
  readonly token: string | undefined;
}

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost)$/;
const MIN_TOKEN_LENGTH = 24;

export function metricsSettings(env: NodeJS.ProcessEnv = process.env): MetricsSettings {
  const rawPort = env.METRICS_PORT?.trim();
  let port: number | undefined;
  if (rawPort) {
    port = Number(rawPort);
    if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`METRICS_PORT must be a port number, got "${rawPort}"`);
  }
  const host = env.METRICS_HOST?.trim() || '127.0.0.1';
  const token = env.METRICS_TOKEN || undefined;
  if (token !== undefined && token.length < MIN_TOKEN_LENGTH) throw new Error(`METRICS_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters long`);
  if (port !== undefined && token === undefined && !LOOPBACK.test(host) && isProductionMode(env)) {
    throw new Error(`METRICS_HOST=${host} exposes /metrics beyond this machine: in production set METRICS_TOKEN too (Prometheus sends it as a bearer token)`);
  }
  return { port, host, token };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Serves GET /metrics on its own port; nothing else. Resolves once listening. */
export async function startMetricsServer(metrics: ServiceMetrics, settings: MetricsSettings & { readonly port: number }): Promise<Server> {
  const expected = settings.token === undefined ? undefined : digest(`Bearer ${settings.token}`);
  const server = createServer((req, res) => {
    const path = (req.url ?? '').split('?')[0];
    if (path !== '/metrics') return void res.writeHead(404).end();
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    // Compared as digests: equal length, constant time, whatever the caller sends.
    if (expected && !timingSafeEqual(digest(req.headers.authorization ?? ''), expected)) {
      return void res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end();
    }
    metrics.scrape().then(
      (text) => res.writeHead(200, { 'Content-Type': metrics.contentType, 'Cache-Control': 'no-store' }).end(req.method === 'HEAD' ? undefined : text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server;
}

export function portOf(server: Server): number {
  return (server.address() as AddressInfo).port;
}
