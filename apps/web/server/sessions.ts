import { randomBytes } from 'node:crypto';
import type { Actor } from '@budget/domain';
import type { Redis } from 'ioredis';

export interface Session {
  readonly id: string;
  readonly actor: Actor;
  /** Sent back by the application in X-CSRF-Token on every state-changing request. */
  readonly csrfToken: string;
  readonly createdAt: number;
  /** How the person signed in: the development page or the organisation's identity provider. */
  readonly via: 'dev' | 'oidc';
}

/** Sessions in Redis, so that every replica of the server knows them and a restart keeps them. */
export class SessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly idleSeconds: number,
    private readonly maxSeconds: number,
  ) {}

  async create(actor: Actor, via: Session['via'], now = Date.now()): Promise<Session> {
    const session: Session = { id: randomBytes(32).toString('base64url'), actor, csrfToken: randomBytes(24).toString('base64url'), createdAt: now, via };
    await this.redis.set(this.key(session.id), JSON.stringify(session), 'EX', this.idleSeconds);
    return session;
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
