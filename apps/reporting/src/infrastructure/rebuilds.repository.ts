import { type RebuildReport, type RebuildState } from '../rebuild/rebuild.types';
import { type ReportStore } from './report-store';

/** The rebuilds' reports (table rebuilds): one row per rebuild, its report as JSON, kept after a restart. */
export class RebuildsRepository {
  constructor(private readonly store: ReportStore) {}

  /** Records the report of a rebuild: inserted at its start, replaced as it ends. */
  async save(report: RebuildReport): Promise<void> {
    await this.store.pool.query(
      `INSERT INTO rebuilds (rebuild_id, generation, status, requested_by, started_at, finished_at, report) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (rebuild_id) DO UPDATE SET status = EXCLUDED.status, finished_at = EXCLUDED.finished_at, report = EXCLUDED.report`,
      [report.rebuildId, report.generation, report.status, JSON.stringify(report.requestedBy), report.startedAt, report.finishedAt, JSON.stringify(report)],
    );
  }

  /** The report of the last rebuild started; null before the first. */
  async latest(): Promise<RebuildReport | null> {
    const { rows } = await this.store.pool.query<{ report: RebuildReport }>('SELECT report FROM rebuilds ORDER BY started_at DESC LIMIT 1');
    return rows[0]?.report ?? null;
  }

  /** Rebuilds recorded in one of the `running` states when the service stopped: failed, interrupted by the restart. */
  async failInterrupted(running: readonly RebuildState[]): Promise<void> {
    await this.store.pool.query(
      `UPDATE rebuilds SET status = 'failed', finished_at = now(),
              report = jsonb_set(jsonb_set(jsonb_set(report, '{status}', '"failed"'), '{error}', to_jsonb('服务重启，重建中断'::text)),
                                 '{message}', to_jsonb('重建失败：服务重启，重建中断'::text))
        WHERE status = ANY($1::text[])`,
      [running],
    );
  }
}
