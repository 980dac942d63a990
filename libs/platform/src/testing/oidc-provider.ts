import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const LOCAL_DIR = process.env.BUDGET_LOCAL_DIR ?? join(__dirname, '..', '..', '..', '..', '.local');

/**
 * A real OpenID provider for the tests (oidc-provider, run as a child process from
 * oidc-provider.mjs), and a small cookie-keeping HTTP client that signs in at it as a browser would.
 */

/** A test account of the provider: password = login + '-pass'; roles as the organisation's directory calls them. */
export interface TestAccount {
  readonly login: string;
  readonly sub: string;
  readonly name: string;
  readonly roles: readonly string[];
  readonly department?: string;
  readonly unit?: string;
  readonly desk?: readonly string[];
}

/** The fixed set the provider signs in (see PROVIDER_ACCOUNTS_FILE in oidc-provider.mjs to bind them to organisations of a test). */
export function testAccounts(): TestAccount[] {
  return JSON.parse(readFileSync(join(__dirname, 'oidc-accounts.json'), 'utf8')) as TestAccount[];
}

export type PrivateJwk = Record<string, unknown> & { kid: string; kty: string };

/** The audience of access tokens for our services at the test provider, and one of another system there. */
export const TEST_API_AUDIENCE = 'urn:budget:api';
export const OTHER_AUDIENCE = 'urn:other:api';
/** How our services read the test provider's claims (as a deployment would set them). */
export const TEST_OIDC_CLAIMS_ENV = {
  OIDC_CLAIM_ROLE: 'realm_access.roles',
  OIDC_CLAIM_DEPARTMENT: 'budget_department',
  OIDC_CLAIM_UNIT: 'budget_unit',
  OIDC_CLAIM_FINANCE_DEPARTMENTS: 'budget_desk',
  OIDC_ROLE_MAP: 'BPT_DWJBR=unit_clerk,BPT_DWFZR=unit_head,BPT_BMSH=department_reviewer,BPT_CZSH=finance_reviewer,BPT_SJ=auditor,BPT_GLY=admin',
  OIDC_TOKEN_TYPE: 'at+jwt',
} as const;

/** The environment of a service (or the web server) that accepts the tokens of `issuer`. */
export function oidcServiceEnv(issuer: string): Record<string, string> {
  return { OIDC_ISSUER: issuer, OIDC_AUDIENCE: TEST_API_AUDIENCE, OIDC_JWKS_COOLDOWN_SECONDS: '1', ...TEST_OIDC_CLAIMS_ENV };
}

export function signingKey(kty: 'RSA' | 'EC', kid = `${kty.toLowerCase()}-${randomBytes(4).toString('hex')}`): PrivateJwk {
  const { privateKey } = kty === 'RSA' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid, use: 'sig', kty };
}

/** The public half of a private JWK. */
export function publicJwk(jwk: PrivateJwk): Record<string, unknown> {
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...pub } = jwk;
  return pub;
}

/**
 * A free port in TEST_OIDC_PORTS (default 4700-4799), so that the providers of parallel runs on one
 * machine keep to their own range; another free port when the range is full.
 */
export async function providerPort(): Promise<number> {
  const [from, to] = (process.env.TEST_OIDC_PORTS ?? '4700-4799').split('-').map(Number) as [number, number];
  const tryPort = (port: number) =>
    new Promise<boolean>((resolve) => {
      const server = createServer();
      server.once('error', () => resolve(false));
      server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
    });
  const start = from + Math.floor(Math.random() * (to - from + 1));
  for (let i = 0; i <= to - from; i++) {
    const port = from + ((start - from + i) % (to - from + 1));
    if (await tryPort(port)) return port;
  }
  throw new Error(`no free port in ${from}-${to} for the test OpenID provider`);
}

export interface ProviderOptions {
  /** Private JWKs; the first RSA key signs RS256, the first EC key ES256; all are published. */
  readonly keys?: readonly PrivateJwk[];
  readonly port?: number;
  readonly redirectUris?: readonly string[];
  readonly postLogoutUris?: readonly string[];
  readonly accountsFile?: string;
  readonly shortTtlSeconds?: number;
}

export class TestProvider {
  private child: ChildProcess | undefined;
  keys: readonly PrivateJwk[] = [];
  private constructor(
    readonly port: number,
    private options: ProviderOptions,
  ) {}

  get issuer(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  static async start(options: ProviderOptions = {}): Promise<TestProvider> {
    const provider = new TestProvider(options.port ?? (await providerPort()), options);
    await provider.launch();
    return provider;
  }

  private async launch(): Promise<void> {
    this.keys = this.options.keys ?? [signingKey('RSA'), signingKey('EC')];
    mkdirSync(join(LOCAL_DIR, 'oidc'), { recursive: true });
    const keysFile = join(LOCAL_DIR, 'oidc', `keys-${this.port}.json`);
    writeFileSync(keysFile, JSON.stringify(this.keys), { mode: 0o600 });
    mkdirSync(join(LOCAL_DIR, 'logs'), { recursive: true });
    const log = createWriteStream(join(LOCAL_DIR, 'logs', `oidc-provider-${this.port}.log`), { flags: 'a' });
    const child = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        PROVIDER_PORT: String(this.port),
        PROVIDER_KEYS_FILE: keysFile,
        PROVIDER_REDIRECT_URIS: (this.options.redirectUris ?? []).join(','),
        PROVIDER_POST_LOGOUT_URIS: (this.options.postLogoutUris ?? []).join(','),
        PROVIDER_SHORT_TTL: String(this.options.shortTtlSeconds ?? 4),
        ...(this.options.accountsFile ? { PROVIDER_ACCOUNTS_FILE: this.options.accountsFile } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr?.pipe(log);
    this.child = child;
    await new Promise<void>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`the test OpenID provider did not start on ${this.port}: ${out}`)), 20_000);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('provider ready')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the test OpenID provider exited with ${code} (log: ${join(LOCAL_DIR, 'logs', `oidc-provider-${this.port}.log`)})`));
      });
    });
  }

  /** Lets the test process end while the provider runs on (a global setup's; the teardown stops it by pid). */
  detach(): void {
    const child = this.child;
    if (!child) return;
    child.removeAllListeners('exit');
    child.stdout?.removeAllListeners('data');
    child.stdout?.destroy();
    (child.stderr as unknown as { unref?: () => void } | null)?.unref?.();
    child.unref();
  }

  /** Stops the provider and starts it again on the same port (same issuer), e.g. with other keys. */
  async restart(options: Partial<ProviderOptions> = {}): Promise<void> {
    await this.stop();
    this.options = { ...this.options, ...options };
    await this.launch();
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
  }

  /** How often the key set was fetched since this provider process started. */
  async jwksRequests(): Promise<number> {
    const res = await fetch(`${this.issuer}/_test/stats`);
    return ((await res.json()) as { jwksRequests: number }).jwksRequests;
  }
}

/** A browser's cookies (by name: cookies do not tell ports apart, and our names do not collide) and redirects. */
export class CookieBrowser {
  readonly cookies = new Map<string, string>();
  /** Every address requested, in order. */
  readonly visited: string[] = [];

  private remember(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const gone = value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (gone) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    this.visited.push(url);
    const headers = new Headers(init.headers);
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual', signal: AbortSignal.timeout(20_000) });
    this.remember(res);
    return res;
  }

  /**
   * GET `url` and follow redirects; a login form of the provider on the way is filled in with
   * `login` (password login + '-pass'). Stops at the first answer that is not a redirect, or at an
   * address `stopAt` accepts (not requested).
   */
  async follow(url: string, opts: { login?: string; password?: string; stopAt?: (url: string) => boolean } = {}): Promise<{ url: string; res: Response | undefined }> {
    let next = url;
    let init: RequestInit = {};
    for (let hops = 0; hops < 20; hops++) {
      if (opts.stopAt?.(next)) return { url: next, res: undefined };
      const res = await this.request(next, init);
      init = {};
      const location = res.headers.get('location');
      if (res.status >= 300 && res.status < 400 && location) {
        next = new URL(location, next).href;
        continue;
      }
      const html = res.headers.get('content-type')?.includes('text/html') ? await res.clone().text() : '';
      const form = /<form method="post" action="([^"]+\/login)"/.exec(html);
      if (form && opts.login) {
        const body = new URLSearchParams({ login: opts.login, password: opts.password ?? `${opts.login}-pass` });
        next = new URL(form[1]!, next).href;
        init = { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } };
        opts = { ...opts, login: undefined };
        continue;
      }
      return { url: next, res };
    }
    throw new Error(`too many redirects from ${url}: ${this.visited.join(' → ')}`);
  }
}

export interface ProviderTokens {
  readonly access_token: string;
  readonly id_token: string;
  readonly refresh_token?: string;
  readonly expires_in: number;
}

/**
 * Signs in at the provider as `login` with the authorization code flow and PKCE, as client
 * `clientId`, and returns the tokens: a real token of the provider, as our web server gets it.
 */
export async function signInAt(provider: Pick<TestProvider, 'issuer'>, login: string, opts: { clientId?: string; resource?: string } = {}): Promise<ProviderTokens> {
  const clientId = opts.clientId ?? 'budget-test';
  const redirectUri = 'http://127.0.0.1/test-callback';
  const verifier = randomBytes(32).toString('base64url');
  const state = randomBytes(16).toString('base64url');
  const auth = new URL(`${provider.issuer}/auth`);
  for (const [k, v] of Object.entries({
    client_id: clientId,
    response_type: 'code',
    scope: 'openid profile',
    redirect_uri: redirectUri,
    state,
    nonce: randomBytes(16).toString('base64url'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
    ...(opts.resource ? { resource: opts.resource } : {}),
  })) {
    auth.searchParams.set(k, v);
  }
  const browser = new CookieBrowser();
  const { url } = await browser.follow(auth.href, { login, stopAt: (u) => u.startsWith(redirectUri) });
  const back = new URL(url);
  const code = back.searchParams.get('code');
  if (!code || back.searchParams.get('state') !== state) throw new Error(`no code from the provider: ${url}`);
  const res = await fetch(`${provider.issuer}/token`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${clientId}-secret-for-tests-only`).toString('base64')}`,
    },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier, ...(opts.resource ? { resource: opts.resource } : {}) }),
  });
  const body = (await res.json()) as ProviderTokens & { error?: string; error_description?: string };
  if (!res.ok) throw new Error(`token endpoint: ${res.status} ${body.error} ${body.error_description}`);
  return body;
}
