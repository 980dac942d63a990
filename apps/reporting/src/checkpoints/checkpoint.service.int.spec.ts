import { randomBytes } from 'node:crypto';
import { type RecordedEvent } from '@budget/domain';
import { eventHash, eventStoreSchemaSql, verifySigned, type CheckpointPayload } from '@budget/event-store';
import { Pool } from 'pg';
import type { DataSource, QueryRunner } from 'typeorm';
import { ReportStore, type SourceInfo } from '../infrastructure/report-store';
import { ReportLog1764300000001 } from '../infrastructure/migrations/1764300000001-report-log';
import { DropRecordedIndex1764300000002 } from '../infrastructure/migrations/1764300000002-drop-recorded-index';
import { Checkpoints1764300000004 } from '../infrastructure/migrations/1764300000004-checkpoints';
import { arrivalOrder, EventLog, REFERENCE_TABLE } from '../testing/event-log';
import { loadCheckpointConfig } from './checkpoint-keys';
import { CheckpointService } from './checkpoint.service';
import { signMovedScopes } from './checkpoint-signing';
import { Pacer, SCHEDULED_SIGNING_SHARE } from './pacer';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/budget';
const SYSTEM = { id: 'test', role: 'system' } as const;

jest.setTimeout(60_000);

describe('CheckpointService on PostgreSQL', () => {
  const schema = `reporting_cp_${randomBytes(5).toString('hex')}`;
  let admin: Pool;
  let pool: Pool;
  let store: ReportStore;
  let checkpoints: CheckpointService;
  const config = loadCheckpointConfig({ NODE_ENV: 'test', CHECKPOINT_INTERVAL_SECONDS: '0' });
  const log = new EventLog();
  const imported = log.importTable(REFERENCE_TABLE);
  const [first, ...rest] = imported.sheets;
  log.signOff(first!.sheetId);
  let copied = 0;
  const source = (n: number): SourceInfo => ({ topic: 'test', partition: 0, offset: String(n) });

  async function copyNew(): Promise<void> {
    const pending = arrivalOrder(log.logged.slice(copied));
    copied = log.logged.length;
    for (const l of pending) await store.transaction((tx) => store.append(tx, 1, l.event, source(copied++)));
    copied = log.logged.length;
  }

  const check = () => store.snapshot((db) => checkpoints.check(db, 1));

  /** Rewrites one event's data in the copy and re-hashes its stream from there on: every link holds. */
  async function rewrite(streamId: string, version: number, data: (d: any) => unknown): Promise<() => Promise<void>> {
    const { rows } = await pool.query<{ stream_version: number; envelope: RecordedEvent }>('SELECT stream_version, envelope FROM event_log WHERE generation = 1 AND stream_id = $1 ORDER BY stream_version', [streamId]);
    const from = rows.findIndex((r) => r.stream_version === version);
    let prevHash = rows[from]!.envelope.prevHash;
    for (const [i, r] of rows.slice(from).entries()) {
      const e = { ...r.envelope, prevHash, data: i === 0 ? data(r.envelope.data) : r.envelope.data };
      const hash = eventHash(e);
      await pool.query('UPDATE event_log SET envelope = $3 WHERE generation = 1 AND stream_id = $1 AND stream_version = $2', [streamId, r.stream_version, JSON.stringify({ ...e, hash })]);
      prevHash = hash;
    }
    await pool.query('UPDATE stream_heads SET hash = $2 WHERE generation = 1 AND stream_id = $1', [streamId, prevHash]);
    return async () => {
      for (const r of rows.slice(from)) await pool.query('UPDATE event_log SET envelope = $3 WHERE generation = 1 AND stream_id = $1 AND stream_version = $2', [streamId, r.stream_version, JSON.stringify(r.envelope)]);
      await pool.query('UPDATE stream_heads SET hash = $2 WHERE generation = 1 AND stream_id = $1', [streamId, rows.at(-1)!.envelope.hash]);
    };
  }

  beforeAll(async () => {
    admin = new Pool({ connectionString: DATABASE_URL, max: 2 });
    for (const sql of eventStoreSchemaSql(schema)) await admin.query(sql);
    pool = new Pool({ connectionString: DATABASE_URL, max: 10, options: `-c search_path=${schema}` });
    const runner = { query: (sql: string) => pool.query(sql) } as unknown as QueryRunner;
    await new ReportLog1764300000001().up(runner);
    await new DropRecordedIndex1764300000002().up(runner);
    await new Checkpoints1764300000004().up(runner);
    store = new ReportStore({ driver: { master: pool } } as unknown as DataSource);
    checkpoints = new CheckpointService(store, config);
    await copyNew();
  });

  afterAll(async () => {
    await pool?.end();
    await admin?.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await admin?.end();
  });

  it('signs one checkpoint per fiscal scope, each with every head of its streams, and nothing more while nothing moves', async () => {
    expect(await check()).toMatchObject({ ok: true, checkpointsChecked: 0, latest: null });
    const run = await checkpoints.sign(SYSTEM);
    expect(run.refused).toEqual([]);
    expect(run.signed.map((c) => c.scope)).toEqual(expect.arrayContaining([{ departmentId: imported.departmentId, fiscalYear: null }, { departmentId: imported.departmentId, fiscalYear: 2026 }]));
    const year = run.signed.find((c) => c.scope.fiscalYear === 2026)!;
    const v = verifySigned<CheckpointPayload>({ payload: year.payload, signature: year.signature }, config.privateKey, 'budget-checkpoint/1');
    expect(v.ok).toBe(true);
    const heads = v.ok ? v.payload.heads.map((h) => h.streamId) : [];
    // Every sheet of the year and the review of the signed-off one; the department stream is in its own scope.
    expect(heads).toEqual(expect.arrayContaining(imported.sheets.map((s) => `sheet-${s.sheetId}`)));
    expect(heads.some((h) => h.startsWith('review-'))).toBe(true);
    expect(heads).not.toContain(`department-${imported.departmentId}`);
    expect(v.ok && v.payload).toMatchObject({ sequence: 1, previous: null, generation: 1, position: String(log.logged.length), keyId: config.keyId });
    expect((await checkpoints.sign(SYSTEM)).signed).toEqual([]);
    expect(await check()).toMatchObject({ ok: true, checkpointsChecked: 2, scopesChecked: 2 });
  });

  it('signs the next checkpoint of a scope linked to the one before, carrying the heads that did not move', async () => {
    log.signOff(rest[0]!.sheetId);
    await copyNew();
    const run = await checkpoints.sign(SYSTEM);
    expect(run.signed.map((c) => [c.scope.fiscalYear, c.sequence])).toEqual([[2026, 2]]);
    const [before] = (await checkpoints.list({ departmentId: imported.departmentId, fiscalYear: 2026, limit: 2 })).slice(1);
    const payload = JSON.parse(run.signed[0]!.payload) as CheckpointPayload;
    expect(payload.previous).toBe(before!.digest);
    expect(payload.heads.map((h) => h.streamId)).toEqual(expect.arrayContaining(imported.sheets.map((s) => `sheet-${s.sheetId}`)));
    expect(await check()).toMatchObject({ ok: true, checkpointsChecked: 3 });
  });

  it('paces a scheduled run between the events it hashes, and signs what an unpaced run would', async () => {
    let breaths = 0;
    let t = 0;
    const pauses: number[] = [];
    // Every event takes 4 ms on this clock: a slice holds three of them, then the run pauses three times as long.
    const pacer = new (class extends Pacer {
      override breathe(): Promise<void> {
        breaths++;
        t += 4;
        return super.breathe();
      }
    })(SCHEDULED_SIGNING_SHARE, { now: () => t, pause: (ms) => ((t += ms), pauses.push(ms), Promise.resolve()) });
    const before = log.logged.length;
    log.signOff(rest[3]!.sheetId);
    await copyNew();
    const run = await store.repeatableRead((db) => signMovedScopes(store, config, db, () => new Date(), pacer));
    expect(run.refused).toEqual([]);
    expect(run.signed.map((c) => [c.scope.fiscalYear, c.sequence])).toEqual([[2026, 3]]);
    expect(breaths).toBeGreaterThanOrEqual(log.logged.length - before);
    expect(pauses.length).toBeGreaterThan(0);
    expect(pauses.every((ms) => ms === 36)).toBe(true);
    expect(await check()).toMatchObject({ ok: true, checkpointsChecked: 4 });
  });

  it('reports a consistently re-hashed history as rewritten, and never signs over it', async () => {
    const stream = `sheet-${first!.sheetId}`;
    const { rows } = await pool.query<{ v: number }>(`SELECT stream_version AS v FROM event_log WHERE generation = 1 AND stream_id = $1 AND type = 'DraftCreated'`, [stream]);
    const restore = await rewrite(stream, rows[0]!.v, (d) => ({ ...d, projectName: `${d.projectName}（改）` }));
    try {
      const result = await check();
      expect(result).toMatchObject({ ok: false, firstProblem: { reason: 'rewritten', streamId: stream, scope: { departmentId: imported.departmentId, fiscalYear: 2026 } } });
      expect(result.firstProblem!.message).toMatch(/历史被改写/);
      // A new event in the scope makes the signer look again: it refuses rather than sign the rewritten heads.
      log.signOff(rest[1]!.sheetId);
      await copyNew();
      const run = await checkpoints.sign(SYSTEM);
      expect(run.signed).toEqual([]);
      expect(run.refused).toEqual([{ scope: { departmentId: imported.departmentId, fiscalYear: 2026 }, streamId: expect.any(String), streamVersion: expect.any(Number), reason: expect.any(String) }]);
    } finally {
      await restore();
    }
    expect(await check()).toMatchObject({ ok: true });
    expect((await checkpoints.sign(SYSTEM)).signed.map((c) => c.sequence)).toEqual([4]);
  });

  it('finds a checkpoint row edited or deleted in the database, and will not build on an edited one', async () => {
    const [latest] = await checkpoints.list({ departmentId: imported.departmentId, fiscalYear: 2026, limit: 1 });
    const forged = latest!.payload.replace(/"hash":"[0-9a-f]{64}"/, `"hash":"${'0'.repeat(64)}"`);
    await pool.query('UPDATE checkpoints SET payload = $2 WHERE id = $1', [latest!.id, forged]);
    try {
      expect(await check()).toMatchObject({ ok: false, firstProblem: { reason: 'bad-signature', checkpointId: latest!.id } });
      log.signOff(rest[2]!.sheetId);
      await copyNew();
      expect((await checkpoints.sign(SYSTEM)).refused).toEqual([expect.objectContaining({ reason: expect.stringMatching(/签名无效/) })]);
    } finally {
      await pool.query('UPDATE checkpoints SET payload = $2 WHERE id = $1', [latest!.id, latest!.payload]);
    }
    const signed = await checkpoints.sign(SYSTEM);
    expect(signed.signed.map((c) => c.sequence)).toEqual([5]);
    const [, second] = await checkpoints.list({ departmentId: imported.departmentId, fiscalYear: 2026, limit: 4 });
    await pool.query('DELETE FROM checkpoints WHERE id = $1', [second!.id]);
    expect(await check()).toMatchObject({ ok: false, firstProblem: { reason: 'broken-sequence' } });
  });
});
