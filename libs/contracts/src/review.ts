import { type ExistingReview, LOCAL_DAY_KINDS, REVIEW_GRADES, ROLES, SIGN_OFF_LEVELS, type SignOffRole, SUPERVISOR_POST_LABELS, type SupervisorPost } from '@budget/domain';
import { z } from 'zod';
import { apiList } from './common';
import { waiverRequestView } from './intake';
import { oneOf, optionalBoolean, optionalExpectedVersion, optionalText, optionalTextList, strictObject, text, textList, boolean, wire } from './wire';

/** The kinds of notification (as in @budget/notifications, which the browser cannot import). */
export const NOTIFICATION_KINDS = ['revision_requested', 'task_waiting', 'final_decision', 'deadline_reminder', 'deadline_escalation', 'batch_reminder'] as const;
export const REVIEW_STATUSES = ['open', 'awaiting_level', 'revision_requested', 'approved', 'rejected', 'cancelled'] as const;
export const PEOPLE_ROLES = ROLES.filter((r) => r !== 'system');
export const SUPERVISOR_POSTS = Object.keys(SUPERVISOR_POST_LABELS) as SupervisorPost[];

// ---- requests --------------------------------------------------------------------------

/** POST /reviews/:reviewId/acknowledge-warnings */
/** 代理审批: the delegator a delegate acts for (omitted: in one's own name, or the delegation in force that allows it). */
const actingFor = optionalText('被代理人', { description: '代理审批：代其审核的人员编号（委托人）；省略时以本人名义审核，本人无权时按有效的代理审批' });

export const acknowledgeWarningsBody = strictObject({
  expectedVersion: optionalExpectedVersion,
  actingFor,
  findingKeys: optionalTextList('预警事项').meta({ description: '要确认的预警事项；省略时为本级全部未确认的预警' }),
});

/** POST /reviews/:reviewId/waivers */
export const decideWaiverBody = strictObject({
  expectedVersion: optionalExpectedVersion,
  actingFor,
  findingKeys: textList('豁免事项'),
  grant: boolean('是否同意豁免'),
  reason: text('豁免决定的理由'),
});

/** POST /reviews/:reviewId/approve */
export const approveBody = strictObject({ expectedVersion: optionalExpectedVersion, actingFor, comments: optionalText('审核意见') });

const revisionComment = z.strictObject(
  { field: optionalText('字段'), findingKey: optionalText('审核发现'), message: text('意见内容') },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? '未知字段' : '退回意见的每一项必须是对象') },
);

/** POST /reviews/:reviewId/request-revision */
export const requestRevisionBody = strictObject({
  expectedVersion: optionalExpectedVersion,
  actingFor,
  comments: z
    .array(revisionComment, { error: (iss) => (iss.input === undefined || iss.input === null ? '请填写退回意见' : '退回意见必须是列表') })
    .max(200, { error: '退回意见最多200条' })
    .meta({ description: '退回意见：按字段或按审核发现' }),
});

/** POST /reviews/:reviewId/grade (the last level) */
export const gradeBody = strictObject({
  expectedVersion: optionalExpectedVersion,
  actingFor,
  grade: oneOf('评级', REVIEW_GRADES, `评级只能是${REVIEW_GRADES.join('、')}`, { required: true }),
  comments: optionalText('审核意见'),
  conditions: optionalText('附加条件'),
});

interface SignOffLevelInput {
  level: (typeof SIGN_OFF_LEVELS)[number];
  role: string;
  mayWaive: boolean;
  dueHours: number;
  dueWorkingDays?: number;
}
/**
 * PUT /departments/:departmentId/sign-off-chain; the chain itself is checked by the domain
 * (validateStrictSignOffChain: known levels in order, no duplicates, the level's role, no other
 * keys, the last level finance unless an admin gives lastLevelException with a reason).
 */
export const setSignOffChainBody = strictObject({
  chain: wire<unknown, SignOffLevelInput[]>(
    {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['level', 'role', 'mayWaive', 'dueHours'],
        properties: {
          level: { type: 'string', enum: [...SIGN_OFF_LEVELS] },
          role: { type: 'string', enum: ['unit_head', 'department_reviewer', 'finance_reviewer'] },
          mayWaive: { type: 'boolean' },
          dueHours: { type: 'integer', minimum: 1, maximum: 2160 },
          dueWorkingDays: { type: 'integer', minimum: 1, maximum: 60, description: '办理时限（工作日，按本地区日历）；有则优先于小时' },
        },
      },
      description: '审核环节（按单位负责人、主管部门、财政部门的顺序）；最后一级须为财政部门',
    },
    (v) => v,
  ).optional(),
  lastLevelException: z
    .strictObject(
      { reason: text('理由') },
      { error: (iss) => (iss.code === 'unrecognized_keys' ? '未知字段' : '例外说明必须是对象，如 { "reason": "…" }') },
    )
    .optional()
    .meta({ description: '最后一级不是财政部门时（仅管理员）：理由，记录在事件中' }),
});

/** POST /delegations: the delegate is named by user id and must be in the people directory (PUT /contacts/:userId). */
export const grantDelegationBody = strictObject({
  delegateId: text('受托人'),
  from: text('开始日期', { format: 'date' }),
  to: text('结束日期', { format: 'date' }),
  reason: text('委托理由'),
  delegatorId: optionalText('委托人', { description: '管理员代为办理时：委托人的人员编号' }),
});

/** POST /delegations/:delegationId/revoke */
export const revokeDelegationBody = strictObject({ reason: text('撤销理由') });

/** POST /inbox/read: `{ ids }` or `{ all: true }` */
export const markReadBody = strictObject({ ids: optionalTextList('消息编号'), all: optionalBoolean('全部已读') }).superRefine((v, ctx) => {
  if (v.all !== true && v.ids === undefined) ctx.addIssue({ code: 'custom', path: ['ids'], message: '消息编号必须是文本列表' });
});

const email = wire<string | undefined, string | null | undefined>({ type: 'string', format: 'email', description: '电子邮箱' }, (v, refuse) => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') return refuse('电子邮箱必须是文本');
  return /^[^\s@]+@[^\s@]+$/.test(v) ? v : refuse('电子邮箱格式不正确');
}).optional();

/** PUT /contacts/:userId */
const SUPERVISOR_POST_NAMES = Object.values(SUPERVISOR_POST_LABELS).join('、');
export const contactBody = strictObject({
  role: oneOf('角色', PEOPLE_ROLES, `角色只能是${PEOPLE_ROLES.join('、')}`),
  post: oneOf('督办职务', SUPERVISOR_POSTS, `督办职务只能是${SUPERVISOR_POSTS.join('、')}（${SUPERVISOR_POST_NAMES}）`),
  name: optionalText('姓名'),
  departmentId: optionalText('部门'),
  unitId: optionalText('单位'),
  email,
  active: optionalBoolean('是否启用'),
}).superRefine((v, ctx) => {
  // A supervisor (部门负责人, 财政科室负责人) is told of overdue tasks without signing in: a post, no role.
  if (v.role === undefined && v.post === undefined) ctx.addIssue({ code: 'custom', path: ['role'], message: `请填写角色或督办职务（${SUPERVISOR_POST_NAMES}）` });
});

/** PUT /webhooks/:id */
export const webhookBody = strictObject({
  url: wire<string, string>({ type: 'string', format: 'uri', description: '接收地址（http(s)）' }, (v, refuse) => {
    if (v === undefined || v === null) return refuse('请填写接收地址');
    if (typeof v !== 'string') return refuse('接收地址必须是文本');
    return /^https?:\/\/\S+$/.test(v) ? v : refuse('接收地址须为 http(s) 网址');
  }),
  secret: wire<string, string>({ type: 'string', minLength: 16, description: '签名密钥（至少16个字符）' }, (v, refuse) => {
    if (v === undefined || v === null) return refuse('请填写签名密钥');
    if (typeof v !== 'string') return refuse('签名密钥必须是文本');
    return v.length >= 16 ? v : refuse('签名密钥至少16个字符');
  }),
  departmentId: optionalText('部门'),
  unitId: optionalText('单位'),
  kinds: wire<(typeof NOTIFICATION_KINDS)[number][] | undefined, (typeof NOTIFICATION_KINDS)[number][] | null | undefined>(
    { type: 'array', items: { type: 'string', enum: [...NOTIFICATION_KINDS] }, description: '通知类型；省略为全部' },
    (v, refuse) => {
      if (v === undefined || v === null) return undefined;
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) return refuse('通知类型必须是文本列表');
      const unknown = (v as string[]).find((k) => !(NOTIFICATION_KINDS as readonly string[]).includes(k));
      return unknown === undefined ? (v as (typeof NOTIFICATION_KINDS)[number][]) : refuse(`未知的通知类型：${unknown}`);
    },
  ).optional(),
  active: optionalBoolean('是否启用'),
  description: optionalText('说明'),
});

const UNKNOWN_QUERY = { unknownKey: '未知的查询参数' };
const fiscalYearQuery = wire<number | undefined, string | undefined>({ type: 'string', pattern: '^\\d{4}$', description: '预算年度' }, (v, refuse) =>
  typeof v === 'string' && /^\d{4}$/.test(v) ? Number(v) : refuse('预算年度必须是四位数字'),
).optional();
const queryText = (description: string) =>
  wire<string | undefined, string | undefined>({ type: 'string', description }, (v, refuse) => (typeof v === 'string' ? v : refuse(`${description}只能给一个值`))).optional();

/** GET /calendar?year= */
export const localCalendarQuery = strictObject(
  {
    year: wire<number | undefined, string | undefined>({ type: 'string', pattern: '^\\d{4}$', description: '年份（省略为今年）' }, (v, refuse) =>
      typeof v === 'string' && /^\d{4}$/.test(v) ? Number(v) : refuse('年份必须是四位数字'),
    ).optional(),
  },
  UNKNOWN_QUERY,
);

/** PUT /calendar/days/:date */
export const setLocalCalendarDayBody = strictObject({
  kind: oneOf('本地安排', LOCAL_DAY_KINDS, '只能设置为本地放假（day_off）或本地上班（working_day）', { required: true }),
  reason: text('理由'),
});

/** POST /calendar/days/:date/clear */
export const clearLocalCalendarDayBody = strictObject({ reason: text('理由') });

/** POST /deadlines/sweep */
export const sweepDeadlinesBody = strictObject({
  at: wire<string | undefined, string | undefined>(
    { type: 'string', format: 'date-time', description: '按此时刻检查（仅开发、测试环境）' },
    (v, refuse) => {
      if (v === undefined || v === null) return undefined;
      return typeof v === 'string' && !Number.isNaN(Date.parse(v)) && /^\d{4}-\d{2}-\d{2}T/.test(v) ? new Date(v).toISOString() : refuse('督办时间须为 ISO 8601 时刻');
    },
  ).optional(),
});

/** GET /tasks */
export const tasksQuery = strictObject({ fiscalYear: fiscalYearQuery }, UNKNOWN_QUERY);

/** GET /delegations */
export const delegationsQuery = strictObject({ departmentId: queryText('部门') }, UNKNOWN_QUERY);

/** GET /reviews */
export const listReviewsQuery = strictObject(
  {
    sheetId: queryText('绩效目标表编号'),
    status: wire<(typeof REVIEW_STATUSES)[number] | undefined, (typeof REVIEW_STATUSES)[number] | undefined>(
      { type: 'string', enum: [...REVIEW_STATUSES], description: '审核状态' },
      (v, refuse) => (typeof v === 'string' && (REVIEW_STATUSES as readonly string[]).includes(v) ? (v as (typeof REVIEW_STATUSES)[number]) : refuse(`可选：${REVIEW_STATUSES.join('、')}`)),
    ).optional(),
    departmentId: queryText('部门编号'),
    fiscalYear: fiscalYearQuery,
  },
  UNKNOWN_QUERY,
);

/** GET /inbox */
export const inboxQuery = strictObject(
  {
    unreadOnly: wire<boolean, 'true' | 'false' | undefined>({ type: 'string', enum: ['true', 'false'], description: '只看未读' }, (v) => v === 'true').optional(),
    limit: wire<number | undefined, string | undefined>({ type: 'integer', minimum: 1, maximum: 500, description: '每页条数' }, (v, refuse) => {
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
      return Number.isInteger(n) && n >= 1 && n <= 500 ? n : refuse('每页条数须为1到500之间的整数');
    }).optional(),
    before: queryText('从该消息之前（更早）开始'),
  },
  UNKNOWN_QUERY,
);

/** GET /webhooks/dead-letters */
export const webhookDeadLettersQuery = strictObject(
  { includeRetried: wire<boolean, 'true' | 'false' | undefined>({ type: 'string', enum: ['true', 'false'], description: '包括已重试的' }, (v) => v === 'true').optional() },
  UNKNOWN_QUERY,
);

/** GET /notifications?sourceEventId= */
export const deliveriesQuery = strictObject(
  {
    sourceEventId: wire<string, string>({ type: 'string', description: '来源事件编号' }, (v, refuse) => (typeof v === 'string' && v !== '' ? v : refuse('请提供 sourceEventId'))),
  },
  UNKNOWN_QUERY,
);

// ---- responses -------------------------------------------------------------------------

const signed = { by: z.string(), at: z.string() };
const SIGN_OFF_ROLES = ['unit_head', 'department_reviewer', 'finance_reviewer'] as const satisfies readonly SignOffRole[];
export const signOffChainSchema = z.array(
  z.looseObject({ level: z.enum(SIGN_OFF_LEVELS), role: z.enum(SIGN_OFF_ROLES), mayWaive: z.boolean(), dueHours: z.number(), dueWorkingDays: z.number().int().optional() }),
);

export const reviewFindingView = z.looseObject({
  key: z.string(),
  ruleId: z.string(),
  ruleSetVersion: z.string(),
  severity: z.string(),
  field: z.string(),
  message: z.string(),
  values: z.record(z.string(), z.unknown()),
  waiver: z.looseObject({ status: z.enum(['not_requested', 'requested', 'granted', 'refused']) }).nullable(),
  acknowledgements: z.array(z.looseObject({ ...signed, level: z.enum(SIGN_OFF_LEVELS) })),
});

const levelTaskView = z.looseObject({
  level: z.enum(SIGN_OFF_LEVELS),
  role: z.string(),
  mayWaive: z.boolean(),
  openedAt: z.string(),
  dueAt: z.string(),
  acknowledgements: z.array(z.looseObject({ ...signed, findingKeys: z.array(z.string()) })),
  waiverDecisions: z.array(z.looseObject({ ...signed, findingKeys: z.array(z.string()), granted: z.boolean(), reason: z.string() })),
  decision: z.looseObject({ ...signed, kind: z.enum(['approved', 'revision_requested', 'rejected']) }).nullable(),
});

export const TASK_DEADLINE_STATUSES = ['on_time', 'due_soon', 'overdue', 'unknown_calendar'] as const;
/** The open task's deadline, as of the moment asked (computed when read). */
const taskDeadline = z
  .looseObject({ dueAt: z.string(), dueDate: z.string(), status: z.enum(TASK_DEADLINE_STATUSES), statusName: z.string() })
  .nullable()
  .optional()
  .meta({ description: '当前待办的期限：到期时间、最后一天、未到期/即将到期/已逾期/期限待定' });

const openItems = z.looseObject({ unacknowledgedWarnings: z.array(z.string()), unwaivedBlockingFindings: z.array(z.string()) });

const reviewRef = {
  reviewId: z.string(),
  sheetId: z.string(),
  submissionNo: z.number().int(),
  round: z.number().int(),
  fiscalYear: z.number().int(),
  departmentId: z.string(),
  unitId: z.string(),
  projectName: z.string(),
};

const reviewViewSchema = z
  .looseObject({
    ...reviewRef,
    status: z.enum(REVIEW_STATUSES),
    version: z.number().int(),
    content: z.looseObject({ projectName: z.string(), goal: z.string(), funding: z.looseObject({}), indicators: z.array(z.looseObject({})) }),
    createdBy: z.string(),
    lastEditedBy: z.string(),
    submittedBy: z.string(),
    submittedAt: z.string(),
    waiverRequests: z.array(waiverRequestView),
    changesSincePrevious: z.looseObject({ fields: z.array(z.string()) }).nullable(),
    chain: signOffChainSchema,
    openedAt: z.string(),
    ruleSetVersion: z.string().nullable(),
    findings: z.array(reviewFindingView),
    tasks: z.array(levelTaskView),
    currentLevel: z.enum(SIGN_OFF_LEVELS).nullable(),
    currentLevelName: z.string().nullable(),
    currentRole: z.string().nullable(),
    dueAt: z.string().nullable(),
    deadline: taskDeadline,
    total: z.string().meta({ description: '总计（万元）' }),
    open: openItems,
    outcome: z.looseObject({ ...signed }).optional(),
    people: z.record(z.string(), z.string()).meta({ description: '本审核涉及人员的姓名：用户编号 → 姓名（报送人、各级审核人）' }),
  })
  .meta({ id: 'Review', description: '审核：审核发现（含豁免与确认）、各级记录、与上一轮相比的变化' });

/**
 * What GET /reviews/:reviewId answers: the review as the domain records it (ExistingReview: the
 * findings with their waivers and acknowledgements, the tasks with their decisions, the content
 * as submitted) plus what the service adds for reviewers. The schema checks the envelope; the
 * type is the domain's own, since the service answers the domain's state as it is and the
 * browser runs the domain's sign-off policy (maySignOff, mayDecideWaiver) on it.
 */
export type ReviewViewModel = ExistingReview & {
  readonly version: number;
  readonly currentLevelName: string | null;
  readonly currentRole: SignOffRole | null;
  /** 万元 text. */
  readonly total: string;
  readonly open: { readonly unacknowledgedWarnings: readonly string[]; readonly unwaivedBlockingFindings: readonly string[] };
  /** User id → name of the people the review names (submitter, reviewers). */
  readonly people: Readonly<Record<string, string>>;
  /** The open task's deadline as of the request (absent from older answers). */
  readonly deadline?: { readonly dueAt: string; readonly dueDate: string; readonly status: (typeof TASK_DEADLINE_STATUSES)[number]; readonly statusName: string } | null;
};
export const reviewView = reviewViewSchema as unknown as z.ZodType<ReviewViewModel, unknown>;

export const reviewSummary = z
  .looseObject({
    ...reviewRef,
    total: z.string(),
    status: z.enum(REVIEW_STATUSES),
    currentLevel: z.enum(SIGN_OFF_LEVELS).nullable(),
    currentLevelName: z.string().nullable(),
    dueAt: z.string().nullable(),
    deadline: taskDeadline,
    version: z.number().int(),
    findings: z.array(
      z.looseObject({ key: z.string(), ruleId: z.string(), severity: z.string(), field: z.string(), message: z.string(), waiver: z.string().nullable() }),
    ),
    open: openItems,
  })
  .meta({ id: 'ReviewSummary', description: '审核列表项' });

export const reviewList = apiList(reviewSummary);

/** A task of 待办: a review waiting at the caller's level, and for whom they see it when it is a delegator's (代理审批). */
export const taskSummary = reviewSummary
  .extend({
    actingFor: z
      .array(z.looseObject({ delegatorId: z.string(), delegatorName: z.string().nullable(), delegationId: z.string(), label: z.string().meta({ description: '代X审核' }) }))
      .meta({ description: '受托代审：此事项也是这些委托人的待办；为空时仅为本人待办' }),
  })
  .meta({ id: 'Task', description: '待办事项' });

export const taskList = apiList(taskSummary);
export const signOffChainView = z.looseObject({
  departmentId: z.string(),
  chain: signOffChainSchema,
  version: z.number().int().meta({ description: '审核流程事件流的版本；0 为默认流程' }),
  lastLevelException: z.looseObject({ reason: z.string() }).nullable(),
  updatedBy: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

const delegationParty = z.looseObject({
  id: z.string(),
  role: z.enum(SIGN_OFF_ROLES),
  departmentId: z.string().optional(),
  unitId: z.string().optional(),
  departmentIds: z.array(z.string()).optional(),
  name: z.string().optional(),
});

export const delegationView = z
  .looseObject({
    delegationId: z.string(),
    delegator: delegationParty,
    delegate: delegationParty,
    from: z.string().meta({ description: '开始日期（北京时间，含）' }),
    to: z.string().meta({ description: '结束日期（北京时间，含）' }),
    reason: z.string(),
    grantedBy: z.string(),
    grantedAt: z.string(),
    revoked: z.looseObject({ by: z.string(), at: z.string(), reason: z.string() }).nullable(),
    status: z.enum(['scheduled', 'in_force', 'ended', 'revoked']),
    statusLabel: z.string(),
    version: z.number().int().meta({ description: '委托人代理审批事件流的版本' }),
  })
  .meta({ id: 'Delegation', description: '代理审批：委托人、受托人、期限、理由、是否撤销' });

export const delegationList = apiList(delegationView);
export const sweepResult = z.looseObject({
  at: z.string(),
  openTasks: z.number().int(),
  reminded: z.number().int(),
  escalated: z.number().int(),
  flagged: z.array(z.looseObject({ reviewId: z.string(), level: z.enum(SIGN_OFF_LEVELS), unknownYear: z.number().int(), message: z.string() })),
  skipped: z.number().int().meta({ description: '已由同时运行的另一次检查记录的审核（不重复记录）' }),
});

const localDayOverride = z.looseObject({ date: z.string(), kind: z.enum(LOCAL_DAY_KINDS), reason: z.string() });

export const localCalendarYear = z
  .looseObject({
    regionId: z.string(),
    year: z.number().int(),
    known: z.boolean().meta({ description: '该年的法定节假日安排是否已收录；未收录时 days 为空，不作推测' }),
    message: z.string().nullable(),
    knownYears: z.array(z.number().int()),
    days: z.array(
      z.looseObject({
        date: z.string(),
        working: z.boolean(),
        kind: z.enum(['weekday', 'weekend', 'holiday', 'make_up_working_day', 'local_day_off', 'local_working_day']),
        kindName: z.string().meta({ description: '工作日、周末、法定节假日、调休上班、本地放假、本地上班' }),
        name: z.string().nullable().meta({ description: '节日名称或本地安排的理由' }),
      }),
    ),
    overrides: z.array(localDayOverride).meta({ description: '本地区全部的本地安排（各年）' }),
    version: z.number().int().meta({ description: '本地日历事件流的版本' }),
  })
  .meta({ id: 'LocalCalendarYear', description: '本地区一年的工作日安排' });

export const inboxItem = z.looseObject({
  id: z.string(),
  kind: z.enum(NOTIFICATION_KINDS),
  title: z.string(),
  body: z.string(),
  data: z
    .looseObject({
      sheet: z
        .looseObject({ sheetId: z.string(), projectName: z.string(), fiscalYear: z.number().int().optional(), departmentId: z.string(), unitId: z.string(), unitName: z.string().optional() })
        .optional(),
      /** `<reviewId>:<level>` on task, reminder and escalation notifications. */
      taskId: z.string().optional(),
      dueAt: z.string().nullable().optional(),
    })
    .meta({ description: '通知所涉及的绩效目标表与待办（字段因类型而异）' }),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export const inboxPage = z.looseObject({ items: z.array(inboxItem), nextBefore: z.string().nullable(), unread: z.number().int() });
export const markReadResult = z.looseObject({ marked: z.number().int(), unread: z.number().int() });
export const contactView = z.looseObject({
  userId: z.string(),
  role: z.string().nullable(),
  post: z.string().nullable(),
  name: z.string().nullable(),
  departmentId: z.string().nullable(),
  unitId: z.string().nullable(),
  email: z.string().nullable(),
});
export const webhookView = z.looseObject({
  id: z.string(),
  url: z.string(),
  departmentId: z.string().nullable(),
  unitId: z.string().nullable(),
  kinds: z.array(z.string()),
  active: z.boolean(),
});
export const webhookDeadLetters = apiList(
  z.looseObject({
    id: z.string(),
    notificationId: z.string(),
    retry: z.number().int(),
    subscriptionId: z.string(),
    url: z.string(),
    kind: z.string(),
    sourceEventId: z.string(),
    title: z.string().nullable(),
    attempts: z.number().int(),
    error: z.string(),
    failedAt: z.string(),
    retriedAt: z.string().nullable(),
  }),
);
export const retryResult = z.looseObject({ id: z.string(), retried: z.literal(true) });
export const deliveries = apiList(z.looseObject({}));
