import { Body, Controller, createParamDecorator, type ExecutionContext, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type Actor,
  type CommandMetadata,
  DomainError,
  mayRead,
  readScopeFilter,
  type ReviewCommand,
  type SignOffLevel,
} from '@budget/domain';
import { review } from '@budget/contracts';
import { type AuthenticatedRequest, CurrentActor, readBody, readQuery, Roles } from '@budget/platform';
import type { z } from 'zod';
import { DataSource } from 'typeorm';
import { ReviewCommands } from './review-commands';
import { storedReviewView, type ReviewView } from './review-view';
import { SignOffChains } from './sign-off-chains';

const REVIEWER_ROLES = ['unit_head', 'department_reviewer', 'finance_reviewer'] as const;

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
  async tasks(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const { fiscalYear } = readQuery(review.tasksQuery, query, '查询条件有误');
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
    if (fiscalYear !== undefined) add('fiscal_year = ?', fiscalYear);
    const rows = await this.db.query<{ state: ReviewView }[]>(
      `SELECT state FROM reviews WHERE ${where.join(' AND ')} ORDER BY due_at, opened_at LIMIT 1000`,
      params,
    );
    return { items: rows.map((r) => summary(r.state)) };
  }

  @Get('reviews')
  async list(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const { sheetId, status, departmentId, fiscalYear } = readQuery(review.listReviewsQuery, query, (errors) => (errors.length === 1 ? errors[0]!.message : '查询条件有误'));
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
    if (status !== undefined) add('status = ?', status);
    if (departmentId !== undefined) add('department_id = ?', departmentId);
    if (fiscalYear !== undefined) add('fiscal_year = ?', fiscalYear);
    const rows = await this.db.query<{ state: ReviewView }[]>(
      `SELECT state FROM reviews WHERE ${where.join(' AND ')} ORDER BY opened_at, review_id LIMIT 5000`,
      params,
    );
    return { items: rows.map((r) => summary(r.state)) };
  }

  @Get('reviews/:reviewId')
  async one(@CurrentActor() actor: Actor, @Param('reviewId') reviewId: string): Promise<ReviewView> {
    return storedReviewView((await this.readable(actor, reviewId)).state);
  }

  @Post('reviews/:reviewId/acknowledge-warnings')
  @HttpCode(200)
  @Roles(...REVIEWER_ROLES)
  acknowledge(@ActionRequest() req: ActionRequestData): Promise<ReviewView> {
    return this.act(req, review.acknowledgeWarningsBody, (input, row) => {
      // Without a list: every warning not yet acknowledged at this level.
      const keys = input.findingKeys ?? row.state.open.unacknowledgedWarnings;
      return (level, metadata) => ({ type: 'AcknowledgeWarnings', data: { reviewId: row.review_id, level, findingKeys: keys }, metadata });
    });
  }

  @Post('reviews/:reviewId/waivers')
  @HttpCode(200)
  @Roles(...REVIEWER_ROLES)
  waive(@ActionRequest() req: ActionRequestData): Promise<ReviewView> {
    return this.act(req, review.decideWaiverBody, ({ findingKeys, grant, reason }, row) => {
      return (level, metadata) => ({ type: 'DecideWaiver', data: { reviewId: row.review_id, level, findingKeys, grant, reason }, metadata });
    });
  }

  @Post('reviews/:reviewId/approve')
  @HttpCode(200)
  @Roles(...REVIEWER_ROLES)
  approve(@ActionRequest() req: ActionRequestData): Promise<ReviewView> {
    return this.act(req, review.approveBody, ({ comments }, row) => {
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
    return this.act(req, review.requestRevisionBody, (input, row) => {
      const comments = input.comments.map((c) => ({ message: c.message, ...(c.field !== undefined ? { field: c.field } : {}), ...(c.findingKey !== undefined ? { findingKey: c.findingKey } : {}) }));
      return (level, metadata) => ({ type: 'RequestRevision', data: { reviewId: row.review_id, level, comments }, metadata });
    });
  }

  @Post('reviews/:reviewId/grade')
  @HttpCode(200)
  @Roles(...REVIEWER_ROLES)
  grade(@ActionRequest() req: ActionRequestData): Promise<ReviewView> {
    return this.act(req, review.gradeBody, ({ grade, comments, conditions }, row) => {
      return (level, metadata) => ({
        type: 'GradeReview',
        data: {
          reviewId: row.review_id,
          level,
          grade,
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
    const { chain } = readBody(review.setSignOffChainBody, body ?? {});
    return { departmentId, chain: await this.chains.setChain(departmentId, chain, actor) };
  }

  /**
   * Every sign-off action: the review within the caller's scope, the body read against its
   * contract (field errors collected, unknown fields refused), the command decided at the review's current level.
   */
  private async act<S extends z.ZodType<{ expectedVersion?: number | undefined }>>(
    req: ActionRequestData,
    schema: S,
    read: (input: z.output<S>, row: ReviewRow) => (level: SignOffLevel, metadata: CommandMetadata) => ReviewCommand,
  ): Promise<ReviewView> {
    const row = await this.readable(req.actor, req.reviewId);
    const input = readBody(schema, req.body ?? {}, { ifMatch: req.ifMatch });
    const { expectedVersion } = input;
    const build = read(input, row);
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
