import { Inject, Injectable } from '@nestjs/common';
import { DEFAULT_SIGN_OFF_CHAIN, type SignOffChain } from '@budget/domain';
import { queryPrepared } from '@budget/event-store';
import { REVIEW_DB, type Sql } from '../../infrastructure/database';

/** What a submission's review is opened with, read in one statement of the consumer's transaction. */
export interface OpeningContext {
  /** Reviews of this sheet that ended before this submission (a withdrawn submission's does not count). */
  readonly endedBefore: number;
  /** The department's sign-off chain of the moment (sign_off_chains), the default where none is configured. */
  readonly chain: SignOffChain;
  /** The unit's name (unit_names) for the notifications' texts; undefined while intake has not told it. */
  readonly unitName: string | undefined;
  /** The version of the region's local-calendar stream (0: no local day yet), so a calendar read at that version is reused. */
  readonly calendarVersion: number;
}

export interface OpeningKeys {
  readonly sheetId: string;
  readonly submissionNo: number;
  readonly departmentId: string;
  readonly unitId: string;
  readonly calendarStreamId: string;
}

/**
 * The reads of open-review folded into one round trip: it runs once per submission on the
 * busiest path of the service (B8 in bench/ counts statements per submission).
 */
@Injectable()
export class OpeningContextQuery {
  constructor(@Inject(REVIEW_DB) private readonly db: Sql) {}

  async read(k: OpeningKeys, tx: Sql = this.db): Promise<OpeningContext> {
    const { rows } = await queryPrepared<{ ended: number; chain: SignOffChain | null; unit_name: string | null; calendar_version: number | null }>(
      tx,
      `SELECT (SELECT count(*)::int FROM reviews WHERE sheet_id = $1 AND submission_no < $2 AND status IN ('revision_requested', 'approved', 'rejected')) AS ended,
              (SELECT chain FROM sign_off_chains WHERE department_id = $3) AS chain,
              (SELECT name FROM unit_names WHERE unit_id = $4) AS unit_name,
              (SELECT version FROM streams WHERE stream_id = $5) AS calendar_version`,
      [k.sheetId, k.submissionNo, k.departmentId, k.unitId, k.calendarStreamId],
    );
    const row = rows[0];
    return {
      endedBefore: row?.ended ?? 0,
      chain: row?.chain ?? DEFAULT_SIGN_OFF_CHAIN,
      unitName: row?.unit_name ?? undefined,
      calendarVersion: row?.calendar_version ?? 0,
    };
  }
}
