import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Actor, departmentStreamId, type RecordedEvent, SIGN_OFF_CHAIN_STREAM_PREFIX } from '@budget/domain';
import {
  CHECKPOINT_KIND,
  type CheckpointPayload,
  type CheckpointReference,
  type CheckpointScope,
  compareSignedHeads,
  type HeadMismatch,
  eventHash,
  GENESIS_HASH,
  HEAD_MISMATCH_TEXT,
  sha256Hex,
  type SignedHead,
  signPayload,
  verifySigned,
  withTransaction,
} from '@budget/event-store';
import { type PoolClient } from 'pg';
import { ReportStore } from '../infrastructure/report-store';
import { streamKind } from '../projection/stream-step';
import { CHECKPOINT_CONFIG, type CheckpointConfig, verifyingKey } from './checkpoint-keys';

/** fiscal_year of a department's own scope (its registration and sign-off chain streams). */
const DEPARTMENT_SCOPE_YEAR = -1;
/** One signer at a time, across instances (session-level advisory lock, taken before the snapshot). */
const SIGNER_LOCK = 'reporting.checkpoints';
const PAGE = 2000;

export interface StoredCheckpoint {
  readonly id: string;
  readonly scope: CheckpointScope;
  readonly sequence: number;
  readonly generation: number;
  readonly position: string;
  readonly signedAt: string;
  readonly keyId: string;
  readonly payload: string;
  readonly digest: string;
  readonly signature: string;
}

export interface SigningRefusal {
  readonly scope: CheckpointScope;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly reason: string;
}

export interface SigningRun {
  readonly generation: number;
  readonly position: string;
  readonly signed: readonly StoredCheckpoint[];
  /** Scopes looked at whose heads had not moved since their last checkpoint. */
  readonly unchanged: number;
  /** Scopes not signed because their history no longer matches their last checkpoint, or a chain is broken. */
  readonly refused: readonly SigningRefusal[];
}

export type CheckpointProblemReason = 'rewritten' | 'missing' | 'bad-signature' | 'unknown-key' | 'broken-sequence';

export interface CheckpointProblem {
  readonly checkpointId: string;
  readonly scope: CheckpointScope;
  readonly reason: CheckpointProblemReason;
  readonly streamId: string | null;
  readonly streamVersion: number | null;
  readonly signedHash: string | null;
  readonly actualHash: string | null;
  readonly message: string;
}

export interface CheckpointCheck {
  readonly ok: boolean;
  readonly checkpointsChecked: number;
  readonly scopesChecked: number;
  readonly headsChecked: number;
  readonly latest: { readonly id: string; readonly signedAt: string; readonly position: string; readonly generation: number } | null;
  readonly firstProblem: CheckpointProblem | null;
}

interface CheckpointRow {
  id: string;
  department_id: string;
  fiscal_year: number;
  sequence: number;
  generation: number;
  position: string;
  signed_at: Date;
  key_id: string;
  payload: string;
  digest: string;
  signature: string;
}

const scopeKey = (s: CheckpointScope): string => `${s.departmentId}\u0000${s.fiscalYear ?? DEPARTMENT_SCOPE_YEAR}`;

function stored(row: CheckpointRow): StoredCheckpoint {
  return {
    id: row.id,
    scope: { departmentId: row.department_id, fiscalYear: row.fiscal_year === DEPARTMENT_SCOPE_YEAR ? null : row.fiscal_year },
    sequence: row.sequence,
    generation: row.generation,
    position: row.position,
    signedAt: row.signed_at.toISOString(),
    keyId: row.key_id,
    payload: row.payload,
    digest: row.digest,
    signature: row.signature,
  };
}

const CHECKPOINT_COLUMNS = `id::text AS id, department_id, fiscal_year, sequence, generation, position::text AS position, signed_at, key_id, payload, digest, signature`;

function describeScope(scope: CheckpointScope): string {
  return scope.fiscalYear === null ? `部门 ${scope.departmentId}（部门本身的事件流）` : `部门 ${scope.departmentId} ${scope.fiscalYear} 年度`;
}

/**
 * Signed checkpoints: every interval (CHECKPOINT_INTERVAL_SECONDS) and on demand, the heads of
 * every fiscal scope whose streams moved since its last checkpoint are signed with the service's
 * Ed25519 key, together with the log position they were read at. A scope's next checkpoint is
 * signed only if its history still matches the last one (the event at each signed version still
 * has the signed hash, and the new events chain on from it): a rewritten history is never signed
 * over. `check` compares the copy with the signed checkpoints: a re-hashed, internally consistent
 * chain that does not reach a signed head is reported as rewritten (改写).
 */
@Injectable()
export class CheckpointService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Checkpoints');
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<SigningRun> | null = null;

  constructor(
    private readonly store: ReportStore,
    @Inject(CHECKPOINT_CONFIG) readonly config: CheckpointConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.intervalSeconds === 0) return;
    this.timer = setInterval(() => {
      this.sign({ id: 'reporting', role: 'system' }).catch((e: unknown) => this.logger.error(`checkpoint signing failed: ${e instanceof Error ? e.message : String(e)}`));
    }, this.config.intervalSeconds * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Signs what moved since the last checkpoints; concurrent calls in this process share one run. */
  sign(actor: Actor, now: () => Date = () => new Date()): Promise<SigningRun> {
    this.running ??= this.signOnce(actor, now).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * One signer at a time across every reporting process: a session advisory lock, on a connection
   * of its own, taken before the signing transaction opens its snapshot (so the snapshot sees the
   * checkpoints the previous holder committed).
   */
  private async signOnce(actor: Actor, now: () => Date): Promise<SigningRun> {
    const lock = await this.store.pool.connect();
    let broken: boolean | Error = false;
    const ended = (error: Error): void => {
      broken = error;
    };
    lock.on('error', ended);
    try {
      await lock.query('SELECT pg_advisory_lock(hashtext($1))', [SIGNER_LOCK]);
      try {
        const run = await withTransaction(this.store.pool, (db) => this.signIn(db, now), { begin: 'BEGIN ISOLATION LEVEL REPEATABLE READ' });
        if (run.signed.length > 0 || run.refused.length > 0) {
          this.logger.log(`checkpoints at position ${run.position} (generation ${run.generation}) by ${actor.id}: ${run.signed.length} signed, ${run.unchanged} unchanged, ${run.refused.length} refused`);
        }
        for (const r of run.refused) this.logger.error(`checkpoint of ${describeScope(r.scope)} refused: ${r.streamId ? `${r.streamId} v${r.streamVersion}: ` : ''}${r.reason}`);
        return run;
      } finally {
        await lock.query('SELECT pg_advisory_unlock(hashtext($1))', [SIGNER_LOCK]).catch(() => {
          broken = true;
        });
      }
    } finally {
      lock.off('error', ended);
      lock.release(broken);
    }
  }

  private async signIn(db: PoolClient, now: () => Date): Promise<SigningRun> {
    const generation = await this.store.activeGeneration(db);
    const meta = await this.store.generationMeta(generation, db);
    const position = meta.position;
    const { rows: since } = await db.query<{ position: string | null }>('SELECT max(position)::text AS position FROM checkpoints WHERE generation = $1', [generation]);
    const after = since[0]?.position ?? '0';

    // The streams that moved since the last run, by scope.
    const moved = new Map<string, { scope: CheckpointScope; streams: Set<string> }>();
    const { rows: changed } = await db.query<{ stream_id: string; department_id: string | null; fiscal_year: number | null }>(
      `SELECT c.stream_id, s.department_id, s.fiscal_year
         FROM (SELECT DISTINCT stream_id, subject FROM event_log WHERE generation = $1 AND position > $2::bigint AND position <= $3::bigint) c
         LEFT JOIN report_sheets s ON s.generation = $1 AND s.stream_id = c.subject`,
      [generation, after, position],
    );
    for (const row of changed) {
      const scope = scopeOfStream(row.stream_id, row.department_id, row.fiscal_year);
      if (!scope) continue;
      const key = scopeKey(scope);
      const entry = moved.get(key) ?? { scope, streams: new Set<string>() };
      entry.streams.add(row.stream_id);
      moved.set(key, entry);
    }
    if (moved.size === 0) return { generation, position, signed: [], unchanged: 0, refused: [] };

    const previous = await this.latestPerScope(db, [...moved.values()].map((m) => m.scope));
    const allMoved = [...moved.values()].flatMap((m) => [...m.streams]);
    const heads = new Map<string, SignedHead>();
    for (let i = 0; i < allMoved.length; i += PAGE) {
      const { rows } = await db.query<{ stream_id: string; stream_version: number; hash: string | null }>(
        'SELECT stream_id, stream_version, hash FROM stream_heads WHERE generation = $1 AND stream_id = ANY($2::text[])',
        [generation, allMoved.slice(i, i + PAGE)],
      );
      for (const r of rows) heads.set(r.stream_id, { streamId: r.stream_id, streamVersion: r.stream_version, hash: r.hash ?? '' });
    }

    const signed: StoredCheckpoint[] = [];
    const refused: SigningRefusal[] = [];
    let unchanged = 0;
    const recordedAt = meta.lastRecordedAt;
    for (const { scope, streams } of moved.values()) {
      const last = previous.get(scopeKey(scope)) ?? null;
      if (last && !last.valid) {
        refused.push({ scope, streamId: '', streamVersion: 0, reason: `上一个检查点（第 ${last.sequence} 个）的签名无效：检查点记录被改动` });
        continue;
      }
      const lastHeads = new Map((last?.heads ?? []).map((h) => [h.streamId, h]));
      const next = new Map(lastHeads);
      for (const id of streams) {
        const head = heads.get(id);
        if (head) next.set(id, head);
      }
      const sorted = [...next.values()].sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
      if (last && sameHeads(sorted, last.heads)) {
        unchanged += 1;
        continue;
      }
      // The heads that did not move must still be there as signed; from each moved one (or from the
      // start) the chain must run on to its new head. Otherwise the scope is not signed again.
      const stillSigned = await this.mismatchedHeads(db, generation, [...lastHeads.values()].filter((h) => !streams.has(h.streamId)));
      if (stillSigned) {
        refused.push({ scope, streamId: stillSigned.streamId, streamVersion: stillSigned.streamVersion, reason: HEAD_MISMATCH_TEXT[stillSigned.reason] });
        continue;
      }
      const problem = await this.continuity(db, generation, [...streams].flatMap((id) => (heads.has(id) ? [{ head: heads.get(id)!, from: lastHeads.get(id) ?? null }] : [])));
      if (problem) {
        refused.push({ scope, ...problem });
        continue;
      }
      const payload: CheckpointPayload = {
        kind: CHECKPOINT_KIND,
        scope,
        sequence: (last?.sequence ?? 0) + 1,
        previous: last?.digest ?? null,
        generation,
        position,
        positionRecordedAt: recordedAt,
        heads: sorted,
        signedAt: now().toISOString(),
        keyId: this.config.keyId,
      };
      const s = signPayload(payload, this.config.privateKey);
      const { rows } = await db.query<CheckpointRow>(
        `INSERT INTO checkpoints (department_id, fiscal_year, sequence, generation, position, signed_at, key_id, payload, digest, signature)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${CHECKPOINT_COLUMNS}`,
        [scope.departmentId, scope.fiscalYear ?? DEPARTMENT_SCOPE_YEAR, payload.sequence, generation, position, payload.signedAt, payload.keyId, s.payload, sha256Hex(s.payload), s.signature],
      );
      signed.push(stored(rows[0]!));
    }
    return { generation, position, signed, unchanged, refused };
  }

  /** The last checkpoint of each scope, its signature checked again. */
  private async latestPerScope(db: PoolClient, scopes: readonly CheckpointScope[]): Promise<Map<string, { heads: readonly SignedHead[]; sequence: number; digest: string; valid: boolean }>> {
    const out = new Map<string, { heads: readonly SignedHead[]; sequence: number; digest: string; valid: boolean }>();
    for (let i = 0; i < scopes.length; i += PAGE) {
      const page = scopes.slice(i, i + PAGE);
      const { rows } = await db.query<{ department_id: string; fiscal_year: number; sequence: number; payload: string; digest: string; signature: string; key_id: string }>(
        `SELECT DISTINCT ON (c.department_id, c.fiscal_year) c.department_id, c.fiscal_year, c.sequence, c.payload, c.digest, c.signature, c.key_id
           FROM checkpoints c JOIN unnest($1::text[], $2::int[]) AS w(department_id, fiscal_year) ON c.department_id = w.department_id AND c.fiscal_year = w.fiscal_year
          ORDER BY c.department_id, c.fiscal_year, c.sequence DESC`,
        [page.map((s) => s.departmentId), page.map((s) => s.fiscalYear ?? DEPARTMENT_SCOPE_YEAR)],
      );
      for (const r of rows) {
        const scope = { departmentId: r.department_id, fiscalYear: r.fiscal_year === DEPARTMENT_SCOPE_YEAR ? null : r.fiscal_year };
        // Carried forward only if it is what was signed: a row edited in the database must not be laundered into a new signature.
        const payload = JSON.parse(r.payload) as CheckpointPayload;
        const key = verifyingKey(this.config, r.key_id);
        const v = key ? verifySigned<CheckpointPayload>({ payload: r.payload, signature: r.signature }, key, CHECKPOINT_KIND) : null;
        const valid = v?.ok === true && scopeKey(v.payload.scope) === scopeKey(scope) && v.payload.sequence === r.sequence && sha256Hex(r.payload) === r.digest;
        out.set(scopeKey(scope), { heads: payload.heads, sequence: r.sequence, digest: r.digest, valid });
      }
    }
    return out;
  }

  /** The first signed head whose event now has another hash or is gone. */
  private async mismatchedHeads(db: PoolClient, generation: number, heads: readonly SignedHead[]): Promise<HeadMismatch | null> {
    for (let i = 0; i < heads.length; i += PAGE) {
      const page = heads.slice(i, i + PAGE);
      const { rows } = await db.query<{ stream_id: string; stream_version: number; hash: string }>(
        `SELECT l.stream_id, l.stream_version, l.envelope->>'hash' AS hash
           FROM event_log l JOIN unnest($2::text[], $3::int[]) AS w(stream_id, stream_version) ON l.stream_id = w.stream_id AND l.stream_version = w.stream_version
          WHERE l.generation = $1`,
        [generation, page.map((h) => h.streamId), page.map((h) => h.streamVersion)],
      );
      const found = new Map(rows.map((r) => [`${r.stream_id}\u0000${r.stream_version}`, r.hash]));
      const [mismatch] = compareSignedHeads(page, (id, version) => found.get(`${id}\u0000${version}`) ?? null);
      if (mismatch) return mismatch;
    }
    return null;
  }

  /**
   * For each stream: the event at the signed version still has the signed hash, and every event
   * after it links on (prevHash, own hash, no version gap) up to the head being signed.
   */
  private async continuity(
    db: PoolClient,
    generation: number,
    streams: readonly { readonly head: SignedHead; readonly from: SignedHead | null }[],
  ): Promise<Omit<SigningRefusal, 'scope'> | null> {
    for (let i = 0; i < streams.length; i += PAGE) {
      const page = streams.slice(i, i + PAGE);
      const expected = new Map(page.map((s) => [s.head.streamId, s]));
      const state = new Map(page.map((s) => [s.head.streamId, { version: s.from ? s.from.streamVersion - 1 : 0, hash: GENESIS_HASH, signed: s.from }]));
      const { rows } = await db.query<{ envelope: RecordedEvent }>(
        `SELECT l.envelope FROM event_log l JOIN unnest($2::text[], $3::int[]) AS w(stream_id, after) ON l.stream_id = w.stream_id AND l.stream_version > w.after
          WHERE l.generation = $1 ORDER BY l.stream_id, l.stream_version`,
        [generation, page.map((s) => s.head.streamId), page.map((s) => (s.from ? s.from.streamVersion - 1 : 0))],
      );
      for (const { envelope: e } of rows) {
        const s = state.get(e.streamId)!;
        const at = { streamId: e.streamId, streamVersion: e.streamVersion };
        if (e.streamVersion !== s.version + 1) return { ...at, reason: '事件流版本不连续（缺少事件）' };
        if (s.signed && e.streamVersion === s.signed.streamVersion) {
          if (e.hash !== s.signed.hash) return { ...at, reason: HEAD_MISMATCH_TEXT.rewritten };
        } else {
          if (e.prevHash !== s.hash) return { ...at, reason: '事件的 prevHash 与上一事件的哈希值不符' };
          if (eventHash(e) !== e.hash) return { ...at, reason: '事件内容与其哈希值不符' };
        }
        state.set(e.streamId, { ...s, version: e.streamVersion, hash: e.hash });
      }
      for (const [id, s] of state) {
        const { head, from } = expected.get(id)!;
        if (from && s.version < from.streamVersion) return { streamId: id, streamVersion: from.streamVersion, reason: HEAD_MISMATCH_TEXT.missing };
        if (s.version !== head.streamVersion || s.hash !== head.hash) return { streamId: id, streamVersion: head.streamVersion, reason: '事件流的链头与最后一个事件不符' };
      }
    }
    return null;
  }

  // ---- reading ------------------------------------------------------------------------------

  async list(filter: { departmentIds?: readonly string[]; departmentId?: string; fiscalYear?: number; limit: number }): Promise<StoredCheckpoint[]> {
    const params: unknown[] = [filter.limit];
    const where: string[] = [];
    if (filter.departmentIds) {
      params.push([...filter.departmentIds]);
      where.push(`department_id = ANY($${params.length}::text[])`);
    }
    if (filter.departmentId !== undefined) {
      params.push(filter.departmentId);
      where.push(`department_id = $${params.length}`);
    }
    if (filter.fiscalYear !== undefined) {
      params.push(filter.fiscalYear);
      where.push(`fiscal_year = $${params.length}`);
    }
    const { rows } = await this.store.pool.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT $1`,
      params,
    );
    return rows.map(stored);
  }

  /** The latest checkpoint of a table's scope, as an export names it. */
  async latestOf(scope: CheckpointScope): Promise<CheckpointReference | null> {
    const { rows } = await this.store.pool.query<CheckpointRow>(
      `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints WHERE department_id = $1 AND fiscal_year = $2 ORDER BY sequence DESC LIMIT 1`,
      [scope.departmentId, scope.fiscalYear ?? DEPARTMENT_SCOPE_YEAR],
    );
    const row = rows[0];
    if (!row) return null;
    const c = stored(row);
    return { id: c.id, scope: c.scope, sequence: c.sequence, position: c.position, signedAt: c.signedAt, digest: c.digest, signature: c.signature };
  }

  /**
   * The copy against the signed checkpoints, in the caller's snapshot: every checkpoint's
   * signature (with the key it names) and its link to the scope's previous one; then the heads of
   * each scope's latest checkpoint against the events now at those versions.
   */
  async check(db: PoolClient, generation: number, departmentIds?: readonly string[]): Promise<CheckpointCheck> {
    let checkpoints = 0;
    let firstProblem: CheckpointProblem | null = null;
    const latest = new Map<string, { id: string; scope: CheckpointScope; heads: readonly SignedHead[] }>();
    const lastDigest = new Map<string, { sequence: number; digest: string }>();
    let newest: CheckpointCheck['latest'] = null;
    const problem = (p: CheckpointProblem): void => {
      firstProblem ??= p;
    };
    let afterKey: [string, number, number] = ['', -2, 0];
    for (;;) {
      const { rows } = await db.query<CheckpointRow>(
        `SELECT ${CHECKPOINT_COLUMNS} FROM checkpoints
          WHERE (department_id, fiscal_year, sequence) > ($1, $2, $3) ${departmentIds ? 'AND department_id = ANY($5::text[])' : ''}
          ORDER BY department_id, fiscal_year, sequence LIMIT $4`,
        [...afterKey, 200, ...(departmentIds ? [[...departmentIds]] : [])],
      );
      for (const row of rows) {
        const c = stored(row);
        checkpoints += 1;
        const base = { checkpointId: c.id, scope: c.scope, streamId: null, streamVersion: null, signedHash: null, actualHash: null };
        const key = verifyingKey(this.config, c.keyId);
        if (!key) {
          problem({ ...base, reason: 'unknown-key', message: `检查点 #${c.id} 由未知密钥 ${c.keyId} 签名` });
          continue;
        }
        const v = verifySigned<CheckpointPayload>({ payload: c.payload, signature: c.signature }, key, CHECKPOINT_KIND);
        if (!v.ok || scopeKey(v.payload.scope) !== scopeKey(c.scope) || v.payload.sequence !== c.sequence || v.payload.position !== c.position) {
          problem({ ...base, reason: 'bad-signature', message: `检查点 #${c.id}（${describeScope(c.scope)}）的签名无效：${v.ok ? '记录与签名内容不符' : v.reason}` });
          continue;
        }
        const k = scopeKey(c.scope);
        const before = lastDigest.get(k);
        if ((before?.sequence ?? 0) + 1 !== c.sequence || (before?.digest ?? null) !== v.payload.previous) {
          problem({ ...base, reason: 'broken-sequence', message: `检查点 #${c.id}（${describeScope(c.scope)}）第 ${c.sequence} 个：与前一个检查点衔接不上（检查点被删除或替换）` });
        }
        lastDigest.set(k, { sequence: c.sequence, digest: sha256Hex(c.payload) });
        latest.set(k, { id: c.id, scope: c.scope, heads: v.payload.heads });
        if (!newest || Number(c.id) > Number(newest.id)) newest = { id: c.id, signedAt: c.signedAt, position: c.position, generation: c.generation };
      }
      if (rows.length < 200) break;
      const last = rows[rows.length - 1]!;
      afterKey = [last.department_id, last.fiscal_year, last.sequence];
    }

    let headsChecked = 0;
    for (const l of latest.values()) {
      if (firstProblem) break;
      headsChecked += l.heads.length;
      const mismatch = await this.mismatchedHeads(db, generation, l.heads);
      if (mismatch) {
        const h = l;
        problem({
          checkpointId: h.id,
          scope: h.scope,
          reason: mismatch.reason,
          streamId: mismatch.streamId,
          streamVersion: mismatch.streamVersion,
          signedHash: mismatch.signedHash,
          actualHash: mismatch.actualHash,
          message: `${mismatch.streamId} 第 ${mismatch.streamVersion} 版：${HEAD_MISMATCH_TEXT[mismatch.reason]}（检查点 #${h.id}，${describeScope(h.scope)}）`,
        });
      }
    }
    return { ok: firstProblem === null, checkpointsChecked: checkpoints, scopesChecked: latest.size, headsChecked, latest: newest, firstProblem };
  }
}

/** The scope a stream belongs to: the department's own (department and sign-off chain streams), or the department and year of the sheet it is about. */
export function scopeOfStream(streamId: string, departmentId: string | null, fiscalYear: number | null): CheckpointScope | null {
  if (streamKind(streamId) === 'department') return { departmentId: streamId.slice(departmentStreamId('').length), fiscalYear: null };
  if (streamId.startsWith(SIGN_OFF_CHAIN_STREAM_PREFIX)) return { departmentId: streamId.slice(SIGN_OFF_CHAIN_STREAM_PREFIX.length), fiscalYear: null };
  if (departmentId !== null && fiscalYear !== null) return { departmentId, fiscalYear };
  return null;
}

function sameHeads(a: readonly SignedHead[], b: readonly SignedHead[]): boolean {
  return a.length === b.length && a.every((h, i) => h.streamId === b[i]!.streamId && h.streamVersion === b[i]!.streamVersion && h.hash === b[i]!.hash);
}
