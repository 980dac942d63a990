import { type Actor, type Role, ROLE_LABELS } from '@budget/domain';
import { hs256Secret, issueToken } from '@budget/platform';
import express, { type Request, type Response, type Router } from 'express';
import type { WebConfig } from './config';
import { readCookie, SESSION_COOKIE, sessionCookie } from './http-security';
import type { OidcSignIn } from './oidc-sign-in';
import type { Session, SessionStore } from './sessions';

interface OrganisationOption {
  readonly departmentId: string;
  readonly name: string;
  readonly units: readonly { readonly unitId: string; readonly name: string }[];
}

const DEV_ROLES: readonly Exclude<Role, 'system'>[] = ['unit_clerk', 'unit_head', 'department_reviewer', 'finance_reviewer', 'auditor', 'admin'];

/** The demo person of a role and organisation: the same ids the CLI's `play` signs off with. */
export function demoActor(role: Exclude<Role, 'system'>, departmentId?: string, unitId?: string): Actor {
  const name = `演示${ROLE_LABELS[role]}`;
  switch (role) {
    case 'unit_clerk':
      return { id: `demo-clerk-${unitId}`, role, departmentId, unitId, name: '演示经办人' };
    case 'unit_head':
      return { id: `demo-head-${unitId}`, role, departmentId, unitId, name };
    case 'department_reviewer':
      return { id: `demo-dept-${departmentId}`, role, departmentId, name };
    case 'finance_reviewer':
      return { id: 'demo-finance', role, name };
    case 'auditor':
      return { id: 'demo-auditor', role, name };
    case 'admin':
      return { id: 'demo-admin', role, name };
  }
}

function adminToken(config: WebConfig): string {
  return issueToken(hs256Secret(config.jwt), config.jwt.issuer, { id: 'web-sign-in', role: 'admin', name: '登录页' }, 60);
}

/** Whether the department exists and, when given, the unit is one of its units. */
async function organisationExists(config: WebConfig, departmentId: string, unitId: string | undefined): Promise<boolean> {
  const answer = await fetch(`${config.services.intake}/departments/${encodeURIComponent(departmentId)}`, {
    headers: { authorization: `Bearer ${adminToken(config)}` },
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined);
  if (!answer?.ok) return false;
  const department = (await answer.json()) as { units?: { unitId: string }[] };
  return unitId === undefined || (department.units ?? []).some((u) => u.unitId === unitId);
}

/** The demo person becomes someone notifications address, as `play` does for its users. */
async function registerContact(config: WebConfig, actor: Actor): Promise<void> {
  const token = adminToken(config);
  const body = { role: actor.role, name: actor.name, ...(actor.departmentId ? { departmentId: actor.departmentId } : {}), ...(actor.unitId ? { unitId: actor.unitId } : {}) };
  await fetch(`${config.services.review}/contacts/${encodeURIComponent(actor.id)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  }).catch(() => undefined);
}

function refuse(res: Response, status: number, message: string, code = 'VALIDATION_FAILED'): void {
  res.status(status).json({ statusCode: status, code, message });
}

/** Who is signed in, and sign-out; in development and tests (NODE_ENV) also the sign-in page's choices and the sign-in itself. */
export function signInRoutes(
  config: WebConfig,
  sessions: SessionStore,
  currentSession: (req: Request) => Promise<Session | undefined>,
  oidc: OidcSignIn | undefined,
): Router {
  const router = express.Router();
  router.use(express.json({ limit: '16kb' }));

  router.get('/me', async (req, res) => {
    const session = await currentSession(req);
    if (!session) return refuse(res, 401, '请先登录', 'UNAUTHENTICATED');
    res.setHeader('Cache-Control', 'no-store');
    res.json({ actor: session.actor, roleLabel: ROLE_LABELS[session.actor.role], csrfToken: session.csrfToken, via: session.via });
  });

  router.post('/logout', async (req, res) => {
    const id = readCookie(req, SESSION_COOKIE);
    const session = await currentSession(req);
    if (id && session) {
      if (req.header('x-csrf-token') !== session.csrfToken) return refuse(res, 403, '页面已过期，请刷新后重试', 'CSRF');
      await sessions.destroy(id);
    }
    res.setHeader('Set-Cookie', sessionCookie('', { maxAgeSeconds: 0, secure: config.production }));
    // Signed in through the provider: sign out there too, where it offers it (the browser goes there next).
    const redirect = session?.via === 'oidc' && oidc ? await oidc.endSession(session) : undefined;
    if (redirect) return void res.json({ redirect });
    res.status(204).end();
  });

  router.get('/methods', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ development: config.development, oidc: oidc !== undefined });
  });

  if (oidc) router.use(oidc.routes());

  if (config.development) devSignIn(config, sessions, router);
  router.all('/{*rest}', (_req, res) => refuse(res, 404, '没有这个登录方式', 'NOT_FOUND'));
  return router;
}

/** The development sign-in page's choices and the sign-in itself; registered only in development and tests (never in production, staging, …). */
function devSignIn(config: WebConfig, sessions: SessionStore, router: Router): void {

  router.get('/dev/options', async (_req, res) => {
    const answer = await fetch(`${config.services.intake}/departments`, { headers: { authorization: `Bearer ${adminToken(config)}` }, signal: AbortSignal.timeout(10_000) }).catch(() => undefined);
    if (!answer?.ok) return refuse(res, 503, '暂时无法读取部门和单位，请稍后重试', 'UNAVAILABLE');
    const body = (await answer.json()) as { items?: OrganisationOption[] };
    const departments = body.items ?? [];
    res.json({
      roles: DEV_ROLES.map((role) => ({ role, label: ROLE_LABELS[role] })),
      departments: departments.map((d) => ({ departmentId: d.departmentId, name: d.name, units: d.units.map((u) => ({ unitId: u.unitId, name: u.name })) })),
    });
  });

  router.post('/dev/login', async (req, res) => {
    const body = (req.body ?? {}) as { role?: unknown; departmentId?: unknown; unitId?: unknown };
    const role = DEV_ROLES.find((r) => r === body.role);
    if (!role) return refuse(res, 400, '请选择角色');
    const departmentId = typeof body.departmentId === 'string' && body.departmentId !== '' ? body.departmentId : undefined;
    const unitId = typeof body.unitId === 'string' && body.unitId !== '' ? body.unitId : undefined;
    const needsUnit = role === 'unit_clerk' || role === 'unit_head';
    const needsDepartment = needsUnit || role === 'department_reviewer';
    if (needsDepartment && !departmentId) return refuse(res, 400, '请选择部门');
    if (needsUnit && !unitId) return refuse(res, 400, '请选择单位');
    if (needsDepartment && !(await organisationExists(config, departmentId!, needsUnit ? unitId : undefined))) {
      return refuse(res, 400, needsUnit ? '所选单位不属于所选部门' : '所选部门不存在');
    }
    const old = readCookie(req, SESSION_COOKIE);
    if (old) await sessions.destroy(old);
    const actor = demoActor(role, needsDepartment ? departmentId : undefined, needsUnit ? unitId : undefined);
    await registerContact(config, actor);
    const session = await sessions.create(actor, 'dev');
    res.setHeader('Set-Cookie', sessionCookie(session.id, { maxAgeSeconds: config.sessionMaxSeconds, secure: config.production }));
    res.json({ actor: session.actor, roleLabel: ROLE_LABELS[role], csrfToken: session.csrfToken, via: session.via });
  });
}
