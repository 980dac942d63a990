import { Body, Controller, createParamDecorator, type ExecutionContext, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type Actor,
  type CommandMetadata,
  DomainError,
  mayRead,
  readScopeFilter,
  REVIEW_GRADES,
  type ReviewCommand,
  type ReviewGrade,
  type RevisionComment,
  type SignOffLevel,
} from '@budget/domain';
import { type AuthenticatedRequest, BodyReader, CurrentActor, Roles } from '@budget/platform';
import { DataSource } from 'typeorm';
import { ReviewCommands } from './review-commands';
import type { ReviewView } from './review-view';
import { SignOffChains } from './sign-off-chains';

const REVIEWER_ROLES = ['unit_head', 'department_reviewer', 'finance_reviewer'] as const;
const STATUSES = ['open', 'awaiting_level', 'revision_requested', 'approved', 'rejected', 'cancelled'];

interface ReviewRow {
  readonly review_id: string;
  readonly sheet_id: string;
  readonly department_id: string;
  readonly unit_id: string;
  readonly current_level: SignOffLevel | null;
  readonly state: ReviewView;
}

interface ActionRequestData {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly reviewId: string;
  readonly ifMatch: string | undefined;
  readonly body: unknown;
}

/** What every sign-off action reads from the request: who, the correlation id, the review, If-Match and the body. */
const ActionRequest = createParamDecorator((_: unknown, ctx: ExecutionContext): ActionRequestData => {
  const req = ctx.switchToHttp().getRequest<AuthenticatedRequest>();
  if (!req.actor) throw new Error('ActionRequest used on a public route');
  return {
    actor: req.actor,
    correlationId: req.correlationId ?? '',
    reviewId: String(req.params.reviewId),
    ifMatch: typeof req.headers['if-match'] === 'string' ? req.headers['if-match'] : undefined,
    body: req.body as unknown,
  };
});

function metadataOf(actor: Actor, correlationId: string): CommandMetadata {
  return { now: new Date().toISOString(), actor, correlationId, causationId: null };
}

/** The review API for reviewers: tasks, one review, and the sign-off actions. */
@Controller()
export class ReviewsController {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly commands: ReviewCommands,
    private readonly chains: SignOffChains,
  ) {}

  /** The reviews waiting for the caller's level, in their organisation, soonest due first. */
  @Get('tasks')
  @Roles(...REVIEWER_ROLES, 'admin')
  async tasks(@CurrentActor() actor: Actor, @Query('fiscalYear') fiscalYear?: string) {
    const where: string[] = [`status = 'awaiting_level'`];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (actor.role !== 'admin') add('waiting_role = ?', actor.role);
    if (actor.role === 'unit_head') add('unit_id = ?', actor.unitId ?? '');
    if (actor.role === 'department_reviewer') add('department_id = ?', actor.departmentId ?? '');
    if (actor.role === 'finance_reviewer' && actor.departmentIds !== undefined) add('department_id = ANY(?)', [...actor.departmentIds]);
    if (fiscalYear !== undefined) add('fiscal_year = ?', this.year(fiscalYear));
    const rows = await this.db.query<{ state: ReviewView }[]>(
      `SELECT state FROM reviews WHERE ${where.join(' AND ')} ORDER BY due_at, opened_at LIMIT 1000`,
      params,
    );
    return { items: rows.map((r) => summary(r.state)) };
  }

  @Get('reviews')
  async list(
    @CurrentActor() actor: Actor,
    @Query('sheetId') sheetId?: string,
    @Query('status') status?: string,
    @Query('departmentId') departmentId?: string,
    @Query('fiscalYear') fiscalYear?: string,
  ) {
    const scope = readScopeFilter(actor);
    if (scope === 'none') throw new DomainError('FORBIDDEN', '无权查看审核记录');
    const where: string[] = ['TRUE'];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown): void => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (scope.departmentId !== undefined) add('department_id = ?', scope.departmentId);
    if (scope.unitId !== undefined) add('unit_id = ?', scope.unitId);
    if (scope.departmentIds !== undefined) add('department_id = ANY(?)', [...scope.departmentIds]);
    if (sheetId !== undefined) add('sheet_id = ?', sheetId);
    if (status !== undefined) {
      if (!STATUSES.includes(status)) throw new DomainError('VALIDATION_FAILED', `未知的审核状态：${status}`, { fieldErrors: [{ field: 'status', message: `可选：${STATUSES.join('、')}` }] });
      add('status = ?', status);
    }
    if (departmentId !== undefined) add('department_id = ?', departmentId);
    if (fiscalYear !== undefined) add('fiscal_year = ?', this.year(fiscalYear));
    const rows = await this.db.query<{ state: ReviewView }[]>(
      `SELECT state FROM reviews WHERE ${where.join(' AND ')} ORDER BY opened_at, review_id LIMIT 5000`,
      params,
    );
    return { items: rows.map((r) => summary(r.state)) };
  }

  @Get('reviews/:reviewId')
  async one(@CurrentActor() actor: Actor, @Param('reviewId') reviewId: string): Promise<ReviewView> {
    return (await this.readable(actor, reviewId)).state;
  }

  @Post('reviews/:reviewId/acknowledge-warnings')
  @HttpCode(200)
  @Roles(...REVIEWER_ROLES)
  acknowledge(@ActionRequest() req: ActionRequestData): Promise<ReviewView> {
    return this.act(req, ['findingKeys'], (input, row) => {
      // Without a list: every warning not yet acknowledged at this level.
      const keys = input.stringList('findingKeys', '预警事项') ?? row.state.open.unacknowledgedWarnings;
      return (level, metadata) => ({ type: 'AcknowledgeWarnings', data: { reviewId: row.review_id, level, findingKeys: keys }, metadata });
    });
  }

  @Post('reviews/:reviewId/waivers')
  @HttpCode(200)
  @Roles(...REVIEWER_ROLES)
  waive(@ActionRequest() req: ActionRequestData): Promise<ReviewView> {
    return this.act(req, ['findingKeys', 'grant', 'reason'], (input, row) => {
      const findingKeys = input.stringList('findingKeys', '豁免事项', { required: true }) ?? [];
      const grant = input.boolean('grant', '是否同意豁免', { required: true }) ?? false;
      const reason = input.string('reason', '豁免决定的理由', { required: true }) ?? '';
      return (level, metadata) => ({ type: 'DecideWaiver', data: { reviewId: row.review_id, level, findingKeys, grant, reason }, metadata });
    });
  }

  @Post('reviews/:reviewId/approve')
  @HttpCode(200)
  @Roles(...REVIEWER_ROLES)
  approve(@ActionRequest() req: ActionRequestData): Promise<ReviewView> {
    return this.act(req, ['comments'], (input, row) => {
      const comments = input.string('comments', '审核意见');
      return (level, metadata) => ({
        type: 'ApproveLevel',
        data: { reviewId: row.review_id, level, ...(comments !== undefined ? { comments } : {}) },
        metadata,
      });
    });
  }

  @Post('reviews/:reviewId/request-revision')
  @HttpCode(200)
  @Roles(...REVIEWER_ROLES)
  requestRevision(@ActionRequest() req: ActionRequestData): Promise<ReviewView> {
    return this.act(req, ['comments'], (input, row) => {
      const comments = input.objectList<RevisionComment>(
        'comments',
        '退回意见',
        (raw, path) => {
          const message = input.string('message', '意见内容', { required: true, path: `${path}.message`, from: raw });
          const field = input.string('field', '字段', { path: `${path}.field`, from: raw });
          const findingKey = input.string('findingKey', '审核发现', { path: `${path}.findingKey`, from: raw });
          return message === undefined ? undefined : { message, ...(field !== undefined ? { field } : {}), ...(findingKey !== undefined ? { findingKey } : {}) };
        },
        { required: true, max: 200 },
      );
      return (level, metadata) => ({ type: 'RequestRevision', data: { reviewId: row.review_id, level, comments: comments ?? [] }, metadata });
    });
  }

  @Post('reviews/:reviewId/grade')
  @HttpCode(200)
  @Roles(...REVIEWER_ROLES)
  grade(@ActionRequest() req: ActionRequestData): Promise<ReviewView> {
    return this.act(req, ['grade', 'comments', 'conditions'], (input, row) => {
      const grade = input.string('grade', '评级', { required: true });
      const comments = input.string('comments', '审核意见');
      const conditions = input.string('conditions', '附加条件');
      if (grade !== undefined && !(REVIEW_GRADES as readonly string[]).includes(grade)) {
        input.errors.push({ field: 'grade', message: `评级只能是${REVIEW_GRADES.join('、')}` });
      }
      return (level, metadata) => ({
        type: 'GradeReview',
        data: {
          reviewId: row.review_id,
          level,
          grade: grade as ReviewGrade,
          ...(comments !== undefined ? { comments } : {}),
          ...(conditions !== undefined ? { conditions } : {}),
        },
        metadata,
      });
    });
  }

  @Get('departments/:departmentId/sign-off-chain')
  async chain(@CurrentActor() actor: Actor, @Param('departmentId') departmentId: string) {
    if (!mayRead(actor, { departmentId })) throw new DomainError('FORBIDDEN', '无权查看该部门的审核流程');
    return { departmentId, chain: await this.chains.chainFor(departmentId) };
  }

  @Put('departments/:departmentId/sign-off-chain')
  @Roles('finance_reviewer', 'admin')
  async setChain(@CurrentActor() actor: Actor, @Param('departmentId') departmentId: string, @Body() body: unknown) {
    const chain = (body as { chain?: unknown } | null)?.chain;
    return { departmentId, chain: await this.chains.setChain(departmentId, chain, actor) };
  }

  /**
   * Every sign-off action: the review within the caller's scope, the body read (field errors
   * collected, unknown fields refused), the command decided at the review's current level.
   */
  private async act(
    req: ActionRequestData,
    fields: readonly string[],
    read: (input: BodyReader, row: ReviewRow) => (level: SignOffLevel, metadata: CommandMetadata) => ReviewCommand,
  ): Promise<ReviewView> {
    const row = await this.readable(req.actor, req.reviewId);
    const input = new BodyReader(req.body ?? {});
    const expectedVersion = input.optionalExpectedVersion(req.ifMatch);
    const build = read(input, row);
    input.rejectUnknown(['expectedVersion', ...fields]);
    input.done();
    const level = this.currentLevel(row);
    const { view } = await this.commands.execute(row.review_id, row.sheet_id, (metadata) => build(level, metadata), metadataOf(req.actor, req.correlationId), {
      ...(expectedVersion !== undefined ? { expectedVersion } : {}),
    });
    return view;
  }

  private async readable(actor: Actor, reviewId: string): Promise<ReviewRow> {
    const rows = await this.db.query<ReviewRow[]>(
      'SELECT review_id, sheet_id, department_id, unit_id, current_level, state FROM reviews WHERE review_id = $1',
      [reviewId],
    );
    const row = rows[0];
    if (!row) throw new DomainError('NOT_FOUND', '审核记录不存在');
    if (!mayRead(actor, { departmentId: row.department_id, unitId: row.unit_id })) throw new DomainError('FORBIDDEN', '无权查看其他单位或部门的审核记录');
    return row;
  }

  private currentLevel(row: ReviewRow): SignOffLevel {
    if (row.current_level === null) throw new DomainError('ILLEGAL_STATE', '该审核已结束，没有待办环节');
    return row.current_level;
  }

  private year(value: string): number {
    if (!/^\d{4}$/.test(value)) throw new DomainError('VALIDATION_FAILED', '预算年度必须是四位数字', { fieldErrors: [{ field: 'fiscalYear', message: '预算年度必须是四位数字' }] });
    return Number(value);
  }
}

/** A list entry: enough to pick a task without the sheet's whole content. */
function summary(v: ReviewView) {
  return {
    reviewId: v.reviewId,
    sheetId: v.sheetId,
    submissionNo: v.submissionNo,
    round: v.round,
    fiscalYear: v.fiscalYear,
    departmentId: v.departmentId,
    unitId: v.unitId,
    projectName: v.projectName,
    total: v.total,
    status: v.status,
    currentLevel: v.currentLevel,
    currentLevelName: v.currentLevelName,
    dueAt: v.dueAt,
    version: v.version,
    findings: v.findings.map((f) => ({ key: f.key, ruleId: f.ruleId, severity: f.severity, field: f.field, message: f.message, waiver: f.waiver?.status ?? null })),
    open: v.open,
  };
}
