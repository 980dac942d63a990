import { Inject, Injectable } from '@nestjs/common';
import { type Actor, OPEN_TASK_FIELDS, type OpenLevelTask, type OpenTaskSource, openLevelTaskOf, type readScopeFilter, type SignOffLevel } from '@budget/domain';
import { REVIEW_DB, type Sql } from '../infrastructure/database';
import { type ReviewView } from './review-view';

/** A review as the read model holds it: what the scope check and the screens need. */
export interface ReviewRow {
  readonly review_id: string;
  readonly sheet_id: string;
  readonly department_id: string;
  readonly unit_id: string;
  readonly current_level: SignOffLevel | null;
  readonly state: ReviewView;
}

export interface ReviewListFilter {
  readonly sheetId?: string | undefined;
  readonly status?: string | undefined;
  readonly departmentId?: string | undefined;
  readonly fiscalYear?: number | undefined;
}

type Scope = Exclude<ReturnType<typeof readScopeFilter>, 'none'>;

/** Conditions joined by AND, with their parameters numbered as they are added. */
class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[];

  constructor(first: string) {
    this.parts = [first];
  }

  add(sql: string, value: unknown): this {
    this.params.push(value);
    this.parts.push(sql.replace('?', `$${this.params.length}`));
    return this;
  }

  addIf(sql: string, value: unknown): this {
    return value === undefined ? this : this.add(sql, value);
  }

  get sql(): string {
    return this.parts.join(' AND ');
  }
}

/** Every read of the reviews read model: the reviewers' tasks, the list, one review, and what the submissions consumer asks. */
@Injectable()
export class ReviewsQueries {
  constructor(@Inject(REVIEW_DB) private readonly db: Sql) {}

  /** The reviews waiting for the actor's level, in their organisation, soonest due first. */
  async tasks(actor: Actor, fiscalYear: number | undefined): Promise<ReviewView[]> {
    const where = new Where(`status = 'awaiting_level'`);
    if (actor.role !== 'admin') where.add('waiting_role = ?', actor.role);
    if (actor.role === 'unit_head') where.add('unit_id = ?', actor.unitId ?? '');
    if (actor.role === 'department_reviewer') where.add('department_id = ?', actor.departmentId ?? '');
    if (actor.role === 'finance_reviewer' && actor.departmentIds !== undefined) where.add('department_id = ANY(?)', [...actor.departmentIds]);
    where.addIf('fiscal_year = ?', fiscalYear);
    const { rows } = await this.db.query<{ state: ReviewView }>(`SELECT state FROM reviews WHERE ${where.sql} ORDER BY due_at, opened_at LIMIT 1000`, where.params);
    return rows.map((r) => r.state);
  }

  /** The reviews within `scope` that match the filter, oldest first. */
  async list(scope: Scope, filter: ReviewListFilter): Promise<ReviewView[]> {
    const where = new Where('TRUE')
      .addIf('department_id = ?', scope.departmentId)
      .addIf('unit_id = ?', scope.unitId)
      .addIf('department_id = ANY(?)', scope.departmentIds === undefined ? undefined : [...scope.departmentIds])
      .addIf('sheet_id = ?', filter.sheetId)
      .addIf('status = ?', filter.status)
      .addIf('department_id = ?', filter.departmentId)
      .addIf('fiscal_year = ?', filter.fiscalYear);
    const { rows } = await this.db.query<{ state: ReviewView }>(`SELECT state FROM reviews WHERE ${where.sql} ORDER BY opened_at, review_id LIMIT 5000`, where.params);
    return rows.map((r) => r.state);
  }

  async row(reviewId: string): Promise<ReviewRow | undefined> {
    const { rows } = await this.db.query<ReviewRow>(
      'SELECT review_id, sheet_id, department_id, unit_id, current_level, state FROM reviews WHERE review_id = $1',
      [reviewId],
    );
    return rows[0];
  }

  /**
   * Every level task waiting for a decision, as the deadline sweep checks them (earliest due first):
   * of each review only what openLevelTaskOf reads, not its content and findings (a city has tens of
   * thousands open, read every minute).
   */
  async openTasks(): Promise<OpenLevelTask[]> {
    const fields = ['status', 'currentLevel', 'dueAt', ...OPEN_TASK_FIELDS].map((f) => `'${f}', state->'${f}'`).join(', ');
    const { rows } = await this.db.query<{ state: OpenTaskSource }>(
      `SELECT jsonb_build_object(${fields}) AS state FROM reviews WHERE status = 'awaiting_level' ORDER BY due_at, review_id`,
    );
    return rows.map((r) => openLevelTaskOf(r.state)).filter((t): t is OpenLevelTask => t !== null);
  }

  /** The status of a review, in the consumer's transaction; undefined before it was opened. */
  async statusOf(tx: Sql, reviewId: string): Promise<string | undefined> {
    const { rows } = await tx.query<{ status: string }>('SELECT status FROM reviews WHERE review_id = $1', [reviewId]);
    return rows[0]?.status;
  }
}
