import { randomBytes } from 'node:crypto';
import type { Actor } from '@budget/domain';
import { type PlatformConfig, redisConnectionOptions } from '@budget/platform';
import { Redis } from 'ioredis';

export interface Session {
  readonly id: string;
  readonly actor: Actor;
  /** Sent back by the application in X-CSRF-Token on every state-changing request. */
  readonly csrfToken: string;
  readonly createdAt: number;
  /** How the person signed in: the development page or the organisation's identity provider. */
  readonly via: 'dev' | 'oidc';
  /** The provider's tokens of a session signed in through it; never sent to the browser. */
  readonly tokens?: ProviderTokens;
}

export interface ProviderTokens {
  /** Forwarded to the services, which verify it against the provider's keys. */
  readonly accessToken: string;
  /** The access token's `exp`, in milliseconds. */
  readonly expiresAt: number;
  readonly refreshToken?: string;
  /** For the provider's sign-out (id_token_hint). */
  readonly idToken?: string;
}

/** A sign-in that went to the provider and has not come back yet (kept under its `state`). */
export interface PendingLogin {
  readonly nonce: string;
  readonly codeVerifier: string;
  readonly returnTo: string;
  readonly createdAt: number;
}

/** Sessions in Redis, so that every replica of the server knows them and a restart keeps them. */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly idleSeconds: number,
    private readonly maxSeconds: number,
  ) {}

  async create(actor: Actor, via: Session['via'], now = Date.now(), tokens?: ProviderTokens): Promise<Session> {
    const session: Session = { id: randomBytes(32).toString('base64url'), actor, csrfToken: randomBytes(24).toString('base64url'), createdAt: now, via, ...(tokens ? { tokens } : {}) };
    await this.redis.set(this.key(session.id), JSON.stringify(session), 'EX', this.idleSeconds);
    return session;
  }

  /** A session's new tokens (and actor, as the provider now says), its expiry untouched; false when it is gone. */
  async update(session: Session): Promise<boolean> {
    return (await this.redis.set(this.key(session.id), JSON.stringify(session), 'KEEPTTL', 'XX')) === 'OK';
  }

  /** Reads a session without renewing it (a refresh waiting for another one). */
  async peek(id: string): Promise<Session | undefined> {
    const raw = await this.redis.get(this.key(id));
    return raw ? (JSON.parse(raw) as Session) : undefined;
  }

  /** A lock of a few seconds, so that one replica alone refreshes a session's tokens. */
  async lock(id: string, ms: number): Promise<boolean> {
    return (await this.redis.set(`${this.prefix}lock:${id}`, '1', 'PX', ms, 'NX')) === 'OK';
  }

  async unlock(id: string): Promise<void> {
    await this.redis.del(`${this.prefix}lock:${id}`);
  }

  /** Keeps a sign-in that went to the provider, for `ttlSeconds`, under its `state`. */
  async putLogin(state: string, login: PendingLogin, ttlSeconds: number): Promise<void> {
    await this.redis.set(`${this.prefix}login:${state}`, JSON.stringify(login), 'EX', ttlSeconds);
  }

  /** The pending sign-in of a `state`, once: a second callback with the same state finds nothing. */
  async takeLogin(state: string): Promise<PendingLogin | undefined> {
    if (!/^[\w-]{43}$/.test(state)) return undefined;
    const raw = await this.redis.getdel(`${this.prefix}login:${state}`);
    return raw ? (JSON.parse(raw) as PendingLogin) : undefined;
  }

  /** The session of a cookie value, its idle time renewed; undefined when unknown, expired or past its maximum age. */
  async get(id: string | undefined, now = Date.now()): Promise<Session | undefined> {
    if (!id || !/^[\w-]{43}$/.test(id)) return undefined;
    const raw = await this.redis.get(this.key(id));
    if (!raw) return undefined;
    const session = JSON.parse(raw) as Session;
    const left = Math.floor((session.createdAt + this.maxSeconds * 1000 - now) / 1000);
    if (left <= 0) {
      await this.redis.del(this.key(id));
      return undefined;
    }
    await this.redis.expire(this.key(id), Math.min(this.idleSeconds, left));
    return session;
  }

  async destroy(id: string): Promise<void> {
    await this.redis.del(this.key(id));
  }

  private key(id: string): string {
    return `${this.prefix}${id}`;
  }
}

/** The sessions' Redis client: REDIS_PASSWORD, REDIS_USERNAME and REDIS_TLS only when set (see loadConfig). */
export function sessionRedis(settings: PlatformConfig['redis']): Redis {
  return new Redis({ ...redisConnectionOptions(settings), lazyConnect: true, maxRetriesPerRequest: 3 });
}
