import { join } from 'node:path';
import express from 'express';
import { loadWebConfig } from './config';
import { readCookie, securityHeaders, SESSION_COOKIE } from './http-security';
import { proxyHandler } from './proxy';
import { SessionStore, sessionRedis } from './sessions';
import { oidcSignIn } from './oidc-sign-in';
import { signInRoutes } from './sign-in';
import type { Request } from 'express';

/**
 * The web application's server (backend for frontend): serves the built application, keeps the
 * session in an HttpOnly cookie, and passes /api/<service>/* on to the services with a bearer token.
 */
export async function startWebServer(env: NodeJS.ProcessEnv = process.env) {
  // dist/apps/web/server/main.js → dist/web
  const config = loadWebConfig(env, join(__dirname, '..', '..', '..', 'web'));
  const redis = sessionRedis(config.redis);
  await redis.connect();
  const sessions = new SessionStore(redis, config.sessionPrefix, config.sessionIdleSeconds, config.sessionMaxSeconds);
  const oidc = oidcSignIn(config, sessions);
  /**
   * The session of the request's cookie. One signed in through the provider holds a fresh access token
   * (refreshed here when needed) or is over; only in development and tests is a development sign-in honoured.
   */
  const currentSession = async (req: Request) => {
    const session = await sessions.get(readCookie(req, SESSION_COOKIE));
    if (!session) return undefined;
    if (session.via === 'oidc') return oidc ? oidc.fresh(session) : undefined;
    return config.development ? session : undefined;
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', false);
  app.use(securityHeaders({ production: config.production }));
  // Liveness: the process answers.
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Readiness: sessions can be read (Redis answers); without them nobody can sign in or call an API.
  app.get('/ready', (_req, res) => {
    redis.ping().then(
      () => res.json({ status: 'ready' }),
      () => res.status(503).json({ status: 'unready', redis: 'down' }),
    );
  });
  app.use('/auth', signInRoutes(config, sessions, currentSession, oidc));
  app.all('/api/:service/{*rest}', proxyHandler(config, currentSession));
  app.all('/api/{*rest}', (_req, res) => {
    res.status(404).json({ statusCode: 404, code: 'NOT_FOUND', message: '没有这个服务' });
  });
  app.use('/assets', express.static(join(config.staticDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }));
  app.use(express.static(config.staticDir, { index: false, maxAge: 0 }));
  // Every other path is a screen of the application.
  app.get('/{*path}', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(join(config.staticDir, 'index.html'), (err) => {
      if (err) res.status(503).type('text/plain; charset=utf-8').send('网页应用尚未构建（npm run build:web）');
    });
  });

  const server = app.listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const close = async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    redis.disconnect();
  };
  return { server, config, close };
}

