// A real OpenID provider for the tests: oidc-provider (a certified implementation; ESM only, hence a
// child process of its own), with a fixed set of test accounts carrying our claims and a login form
// of its own (统一身份认证). Started by oidc-provider.ts beside it; never part of a deployment.
//
// Environment:
//   PROVIDER_PORT          port on 127.0.0.1 (the issuer is http://127.0.0.1:<port>)
//   PROVIDER_KEYS_FILE     JSON array of private JWKs (kid set); the first of each type signs, all are published
//   PROVIDER_REDIRECT_URIS comma-separated redirect URIs of the web clients (besides the tests' own)
//   PROVIDER_POST_LOGOUT_URIS comma-separated post-logout redirect URIs
//   PROVIDER_ACCOUNTS_FILE optional JSON array of accounts, read at every sign-in (the e2e tests bind the
//                          test accounts to the organisations they created); without it the fixed set below
//   PROVIDER_SHORT_TTL     access token lifetime of the *-short and *-norefresh clients (seconds, default 4)
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const port = Number(process.env.PROVIDER_PORT);
const issuer = `http://127.0.0.1:${port}`;
const keys = JSON.parse(readFileSync(process.env.PROVIDER_KEYS_FILE, 'utf8'));
const list = (v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);
const shortTtl = Number(process.env.PROVIDER_SHORT_TTL ?? 4);

/** The audience of the access tokens for our services, and one of another system. */
const API = 'urn:budget:api';
const OTHER_API = 'urn:other:api';

/** Test accounts (oidc-accounts.json): password = login + '-pass'; roles as the organisation's directory calls them. */
const FIXED_ACCOUNTS = JSON.parse(readFileSync(new URL('./oidc-accounts.json', import.meta.url), 'utf8'));

function accounts() {
  const file = process.env.PROVIDER_ACCOUNTS_FILE;
  if (!file) return FIXED_ACCOUNTS;
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return FIXED_ACCOUNTS;
  }
}

/** Our claims as the directory would put them: roles nested as Keycloak does, the rest flat. */
function budgetClaims(account) {
  return {
    name: account.name,
    realm_access: { roles: account.roles },
    ...(account.department ? { budget_department: account.department } : {}),
    ...(account.unit ? { budget_unit: account.unit } : {}),
    ...(account.desk ? { budget_desk: account.desk } : {}),
  };
}

const redirectUris = [...list(process.env.PROVIDER_REDIRECT_URIS), 'http://127.0.0.1/test-callback'];
const postLogoutUris = list(process.env.PROVIDER_POST_LOGOUT_URIS);
const client = (client_id, extra = {}) => ({
  client_id,
  client_secret: `${client_id}-secret-for-tests-only`,
  redirect_uris: redirectUris,
  post_logout_redirect_uris: postLogoutUris,
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  ...extra,
});
const clients = [
  client('budget-web'),
  client('budget-web-short'),
  client('budget-web-norefresh', { grant_types: ['authorization_code'] }),
  (({ client_secret: _, ...rest }) => rest)(client('budget-web-public', { token_endpoint_auth_method: 'none' })),
  client('budget-test'),
  client('budget-test-es', { id_token_signed_response_alg: 'ES256' }),
  client('budget-test-short'),
];
const ttlOf = (clientId) => (clientId === 'budget-test-short' ? 2 : /-(short|norefresh)$/.test(clientId) ? shortTtl : 600);

const provider = new Provider(issuer, {
  clients,
  jwks: { keys },
  cookies: { keys: ['provider-cookie-key-for-tests-only'] },
  pkce: { required: () => true },
  conformIdTokenClaims: false,
  claims: { openid: ['sub'], profile: ['name'] },
  findAccount: (_ctx, id) => {
    const account = accounts().find((a) => a.sub === id);
    return account ? { accountId: account.sub, claims: () => ({ sub: account.sub, name: account.name }) } : undefined;
  },
  extraTokenClaims: (_ctx, token) => {
    if (token.kind !== 'AccessToken' || !token.accountId) return undefined;
    const account = accounts().find((a) => a.sub === token.accountId);
    return account ? budgetClaims(account) : undefined;
  },
  issueRefreshToken: (_ctx, c) => c.grantTypeAllowed('refresh_token'),
  ttl: {
    AccessToken: (_ctx, _token, c) => ttlOf(c.clientId),
    IdToken: 3600,
    Session: 3600,
    Grant: 3600,
    Interaction: 600,
    RefreshToken: 3600,
    AuthorizationCode: 60,
  },
  features: {
    devInteractions: { enabled: false },
    revocation: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: (ctx, form) => {
        ctx.body = page('退出统一身份认证', `${form}<p>是否退出统一身份认证？</p><button type="submit" form="op.logoutForm" value="yes" name="logout">退出</button>`);
      },
      postLogoutSuccessSource: (ctx) => {
        ctx.body = page('已退出', '<p>您已退出统一身份认证。</p>');
      },
    },
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx, _client, oneOf) => oneOf ?? API,
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource, c) => {
        if (resource !== API && resource !== OTHER_API) throw new Provider.errors.InvalidTarget();
        return {
          scope: 'openid profile',
          audience: resource,
          accessTokenTTL: ttlOf(c.clientId),
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: c.clientId.endsWith('-es') ? 'ES256' : 'RS256' } },
        };
      },
    },
  },
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
});
provider.on('server_error', (_ctx, error) => process.stderr.write(`provider error: ${error.stack}\n`));

function escape(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(title)}</title></head><body><h1>${escape(title)}</h1>${body}</body></html>`;
}

function loginForm(uid, message = '') {
  return page(
    '统一身份认证',
    `${message ? `<p role="alert">${escape(message)}</p>` : ''}
<form method="post" action="/interaction/${escape(uid)}/login" autocomplete="off">
  <label>用户名 <input name="login" required></label>
  <label>密码 <input name="password" type="password" required></label>
  <button type="submit">登录</button>
</form>`,
  );
}

async function readForm(req) {
  let body = '';
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) break;
  }
  return Object.fromEntries(new URLSearchParams(body));
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/** The provider's own screens: the login form, and consent granted without asking (our own application). */
async function interaction(req, res) {
  const [, , uid, action] = new URL(req.url, issuer).pathname.split('/');
  const details = await provider.interactionDetails(req, res);
  if (details.uid !== uid) return send(res, 400, page('错误', '<p>会话不匹配</p>'));
  if (req.method === 'POST' && action === 'login') {
    const form = await readForm(req);
    const account = accounts().find((a) => a.login === form.login && `${a.login}-pass` === form.password);
    if (!account) return send(res, 200, loginForm(uid, '用户名或密码错误'));
    return provider.interactionFinished(req, res, { login: { accountId: account.sub } }, { mergeWithLastSubmission: false });
  }
  if (details.prompt.name === 'login') return send(res, 200, loginForm(uid));
  if (details.prompt.name === 'consent') {
    const { prompt, params, session } = details;
    const grant = details.grantId ? await provider.Grant.find(details.grantId) : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes ?? {})) grant.addResourceScope(indicator, scopes.join(' '));
    const grantId = await grant.save();
    return provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  }
  return send(res, 400, page('错误', '<p>未知的交互</p>'));
}

let jwksRequests = 0;
const handle = provider.callback();
const server = createServer((req, res) => {
  const path = new URL(req.url, issuer).pathname;
  if (path === '/jwks') jwksRequests += 1;
  if (path === '/_test/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ jwksRequests }));
  }
  if (path.startsWith('/interaction/')) {
    return interaction(req, res).catch((e) => {
      process.stderr.write(`interaction error: ${e.stack}\n`);
      if (!res.headersSent) send(res, 400, page('错误', `<p>${escape(e.message)}</p>`));
    });
  }
  return handle(req, res);
});
server.listen(port, '127.0.0.1', () => process.stdout.write(`provider ready ${issuer}\n`));
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
