import { z } from 'zod';
import { apiList, recordedEventSchema } from './common';
import { fundingFen, fundingView, SHEET_STATUSES } from './intake';
import { asOfText, integer as bodyInteger, optionalText, strictObject, text, wire } from './wire';

export const EXPORT_FORMATS = ['txt', 'csv', 'xlsx', 'html'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

// ---- requests: the query-string checks of the reporting service -------------------------

/** Absent or empty is nothing; a repeated parameter is refused. */
function param(key: string, label: string) {
  return wire<string | undefined, string | undefined>({ type: 'string', description: label }, (v, refuse) => {
    if (v === undefined || v === '') return undefined;
    return typeof v === 'string' ? v : refuse(`${label}只能给一个值`);
  }).optional();
}
function requiredParam(key: string, label: string) {
  return wire<string, string>({ type: 'string', description: label }, (v, refuse) => {
    if (v === undefined || v === '') return refuse(`请提供${label}（查询参数 ${key}）`);
    return typeof v === 'string' ? v : refuse(`${label}只能给一个值`);
  });
}

const fiscalYear = wire<number | undefined, string | undefined>({ type: 'string', pattern: '^\\d{4}$', description: '预算年度；省略时为最近的年度' }, (v, refuse) => {
  if (v === undefined || v === '') return undefined;
  if (typeof v !== 'string') return refuse('预算年度只能给一个值');
  return /^\d{4}$/.test(v) && Number(v) >= 2000 && Number(v) <= 2100 ? Number(v) : refuse(`预算年度必须是 2000 到 2100 之间的四位年份，收到“${v}”`);
}).optional();

function flag(key: string, description: string) {
  return wire<boolean | undefined, 'true' | 'false' | '1' | '0' | 'yes' | 'no' | undefined>({ type: 'string', enum: ['true', 'false'], description }, (v, refuse) => {
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') return refuse(`${key}只能给一个值`);
    if (['true', '1', 'yes'].includes(v)) return true;
    if (['false', '0', 'no'].includes(v)) return false;
    return refuse(`只能是 true 或 false，收到“${v}”`);
  }).optional();
}

function integer(key: string, label: string, min: number, max: number, fallback: number) {
  return wire<number | undefined, string | undefined>({ type: 'integer', minimum: min, maximum: max, default: fallback, description: label }, (v, refuse) => {
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') return refuse(`${label}只能给一个值`);
    const n = /^\d{1,9}$/.test(v) ? Number(v) : NaN;
    return n >= min && n <= max ? n : refuse(`${label}必须是 ${min} 到 ${max} 之间的整数`);
  }).optional();
}

/** Unknown parameters are refused so that a typo never silently means "the default". */
function query<S extends z.ZodRawShape>(shape: S) {
  return strictObject(shape, { unknownKey: `未知的查询参数（可用：${Object.keys(shape).join('、')}）` });
}

const department = requiredParam('department', '部门名称或编号');

/** GET /table */
export const tableQuery = query({ department, fiscalYear, asOf: asOfText(), verify: flag('verify', '同时校验哈希链') });

const exportFormat = wire<ExportFormat, ExportFormat>({ type: 'string', enum: [...EXPORT_FORMATS], description: '导出格式' }, (v, refuse) => {
  if (v === undefined || v === '') return refuse('请提供导出格式（查询参数 format）');
  if (typeof v !== 'string') return refuse('导出格式只能给一个值');
  const lower = v.toLowerCase();
  return (EXPORT_FORMATS as readonly string[]).includes(lower) ? (lower as ExportFormat) : refuse(`不支持的导出格式“${v}”：可选 ${EXPORT_FORMATS.join('、')}`);
});

/** GET /export */
export const exportQuery = query({
  department,
  fiscalYear,
  asOf: asOfText(),
  format: exportFormat,
  metadata: flag('metadata', '附带截至位置、校验和与哈希链信息（xlsx、html 默认附带）'),
});

/** GET /diff */
export const diffQuery = query({
  department,
  fiscalYear,
  from: wire<string, string>({ type: 'string', description: '起始时间点：ISO-8601 时间（带时区）或报表日志位置' }, (v, refuse) => {
    if (v === undefined || v === '') return refuse('请提供起始时间点（查询参数 from）');
    if (typeof v !== 'string') return refuse('起始时间点只能给一个值');
    return v;
  }).pipe(asOfText().transform((v) => v ?? 'latest') as unknown as z.ZodType<string, string>),
  to: asOfText(),
});

/** GET /progress */
export const progressQuery = query({ departmentId: param('departmentId', '部门编号'), fiscalYear, unitId: param('unitId', '单位编号') });

/** GET /events */
export const eventsQuery = query({
  after: wire<string | undefined, string | undefined>({ type: 'string', pattern: '^\\d{1,18}$', description: '起始位置（不含）' }, (v, refuse) => {
    if (v === undefined || v === '') return undefined;
    if (typeof v !== 'string') return refuse('起始位置只能给一个值');
    return /^\d{1,18}$/.test(v) ? v : refuse('起始位置必须是非负整数');
  }).optional(),
  limit: integer('limit', '条数', 1, 1000, 100),
  streamId: param('streamId', '事件流'),
  subject: param('subject', '绩效目标表的事件流'),
});

/** GET /dead-letters */
export const deadLettersQuery = query({ limit: integer('limit', '条数', 1, 1000, 100), all: flag('all', '包括重建时的死信') });

/** GET /checkpoints */
export const checkpointsQuery = query({ departmentId: param('departmentId', '部门编号'), fiscalYear, limit: integer('limit', '条数', 1, 1000, 100) });

// ---- publication (公开) and corrections (更正) ---------------------------------------------

const requiredFiscalYear = wire<number, string>({ type: 'string', pattern: '^\\d{4}$', description: '预算年度' }, (v, refuse) => {
  if (v === undefined || v === '') return refuse('请提供预算年度（查询参数 fiscalYear）');
  if (typeof v !== 'string') return refuse('预算年度只能给一个值');
  return /^\d{4}$/.test(v) && Number(v) >= 2000 && Number(v) <= 2100 ? Number(v) : refuse(`预算年度必须是 2000 到 2100 之间的四位年份，收到“${v}”`);
});
function versionParam(key: string, label: string) {
  return wire<number, string>({ type: 'string', pattern: '^\\d{1,6}$', description: label }, (v, refuse) => {
    if (v === undefined || v === '') return refuse(`请提供${label}（查询参数 ${key}）`);
    if (typeof v !== 'string') return refuse(`${label}只能给一个值`);
    return /^\d{1,6}$/.test(v) && Number(v) >= 1 ? Number(v) : refuse(`${label}必须是正整数，收到“${v}”`);
  });
}
const bodyFiscalYear = bodyInteger('预算年度', { minimum: 2000, maximum: 2100 });
const exclusion = strictObject({ sheetId: text('不公开的绩效目标表编号'), reason: text('不公开的理由') });

/** POST /departments/:departmentId/publications (department reviewer) */
export const publishBody = strictObject({
  fiscalYear: bodyFiscalYear,
  exclusions: z.array(exclusion, { error: '不公开名单必须是列表' }).optional().meta({ description: '未批复而不公开的绩效目标表，各附理由' }),
  reason: optionalText('更正理由（第2版起必填）'),
});

/** POST /departments/:departmentId/publications/sheets/:sheetId/reopen (finance) */
export const reopenPublishedBody = strictObject({ fiscalYear: bodyFiscalYear, reason: text('重新开放的理由') });

/** GET /departments/:departmentId/publications */
export const publicationsQuery = query({ fiscalYear: requiredFiscalYear });

/** GET /departments/:departmentId/publications/:version/export */
export const publishedExportQuery = query({
  fiscalYear: requiredFiscalYear,
  format: exportFormat,
});

/** GET /departments/:departmentId/publications/diff */
export const publishedDiffQuery = query({ fiscalYear: requiredFiscalYear, from: versionParam('from', '起始版本'), to: versionParam('to', '对比版本') });

// ---- responses -------------------------------------------------------------------------

/** The event a row was read from: id, position, time. */
const eventRef = z.looseObject({ eventId: z.string(), globalPosition: z.string(), recordedAt: z.string() });
const asOfView = z.looseObject({ globalPosition: z.string().nullable(), recordedAt: z.string().nullable() });
const amounts = { funding: fundingView, fundingFen };
/** An indicator as published: texts as written. */
const publishedIndicator = z.looseObject({ level1: z.string(), level2: z.string(), name: z.string(), periodTarget: z.string(), annualTarget: z.string() });

export const chainHead = z.looseObject({ streamId: z.string(), streamVersion: z.number().int(), eventId: z.string(), hash: z.string(), position: z.string() });
const chainBreak = z.looseObject({
  streamId: z.string(),
  streamVersion: z.number().int(),
  eventId: z.string().nullable(),
  reason: z.string(),
  position: z.string().nullable(),
  type: z.string().nullable(),
});
export const chainReport = z.looseObject({ ok: z.boolean(), streamsChecked: z.number().int(), eventsChecked: z.number().int(), firstBroken: chainBreak.optional() });

export const reportTable = z
  .looseObject({
    generation: z.number().int(),
    requested: z.string().meta({ description: '请求的时间点：latest、position N 或时间' }),
    asOf: asOfView,
    restrictedToUnit: z.string().nullable(),
    checksum: z.string(),
    title: z.string(),
    departmentId: z.string(),
    departmentName: z.string(),
    fiscalYear: z.number().int(),
    displayUnit: z.string(),
    grandTotal: z.looseObject(amounts),
    units: z.array(
      z.looseObject({
        unitId: z.string(),
        name: z.string(),
        listed: z.boolean(),
        ...amounts,
        projects: z.array(
          z.looseObject({
            sheetId: z.string(),
            name: z.string(),
            ...amounts,
            goal: z.string(),
            indicators: z.array(publishedIndicator),
            approval: z.looseObject({ reviewId: z.string().nullable(), grade: z.string().nullable(), conditions: z.string().nullable(), at: eventRef.nullable() }),
            created: eventRef.nullable(),
          }),
        ),
      }),
    ),
    chainHeads: z.array(chainHead),
    chainVerification: chainReport.optional(),
  })
  .meta({ id: 'ReportTable', description: '项目支出绩效目标表（JSON），含校验和与哈希链头' });

const diffSide = z.looseObject({ departmentName: z.string(), fiscalYear: z.number().int().nullable(), asOf: asOfView.nullable() });
/** One field that differs; amounts give 万元 text and the exact 分 beside it. */
const fieldChange = z.looseObject({
  field: z.string().meta({ description: '字段：title、total、funding.*、goal、indicators[n].annualTarget …' }),
  before: z.string().nullable(),
  after: z.string().nullable(),
  beforeFen: z.number().int().optional(),
  afterFen: z.number().int().optional(),
});
const diffProjectRef = { key: z.string(), sheetId: z.string().nullable(), unit: z.string(), name: z.string() };
const diffProject = z.looseObject({ ...diffProjectRef, total: z.string(), totalFen: z.number().int() });
const diffUnit = z.looseObject({ key: z.string(), unitId: z.string().nullable(), name: z.string(), total: z.string(), totalFen: z.number().int() });
export const tableDiff = z
  .looseObject({
    generation: z.number().int(),
    fiscalYear: z.number().int(),
    departmentId: z.string(),
    identical: z.boolean(),
    keyedBy: z.enum(['id', 'name']),
    from: diffSide,
    to: diffSide,
    table: z.array(fieldChange),
    grandTotal: z.array(fieldChange),
    unitsAdded: z.array(diffUnit),
    unitsRemoved: z.array(diffUnit),
    unitsChanged: z.array(z.looseObject({ key: z.string(), unitId: z.string().nullable(), name: z.string(), changes: z.array(fieldChange) })),
    projectsAdded: z.array(diffProject),
    projectsRemoved: z.array(diffProject),
    projectsChanged: z.array(z.looseObject({ ...diffProjectRef, changes: z.array(fieldChange) })),
  })
  .meta({ id: 'TableDiff', description: '两个时间点之间的差异：新增、删除的单位与项目，逐字段变化（旧 → 新）' });

export const progressList = z.looseObject({
  generation: z.number().int(),
  position: z.string(),
  items: z.array(
    z.looseObject({
      sheetId: z.string(),
      departmentId: z.string(),
      departmentName: z.string().nullable(),
      fiscalYear: z.number().int(),
      unitId: z.string(),
      unitName: z.string().nullable(),
      projectName: z.string(),
      total: z.number().int().meta({ description: '总计（分）' }),
      totalText: z.string().meta({ description: '总计（万元）' }),
      status: z.enum(SHEET_STATUSES),
      submissionNo: z.number().int(),
      waitingAt: z.looseObject({ stage: z.enum(['unit', 'review_queue', 'review', 'done']), label: z.string() }),
      created: eventRef,
      lastChange: eventRef.meta({ description: '最近一次变化的事件' }),
    }),
  ),
});

/** What every history entry (a sheet's, a department's) says: the event, who, when, what changed. */
const historyEntryFields = {
  position: z.string(),
  eventId: z.string(),
  streamId: z.string(),
  streamVersion: z.number().int(),
  type: z.string(),
  label: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  actor: z.looseObject({ id: z.string(), role: z.string(), roleLabel: z.string(), name: z.string().nullable(), unitId: z.string().nullable(), departmentId: z.string().nullable() }),
};
const historyEntryChanges = {
  changes: z.array(z.looseObject({ field: z.string(), before: z.string().nullable(), after: z.string().nullable() })),
  details: z.record(z.string(), z.unknown()),
};

export const sheetHistory = z
  .looseObject({
    generation: z.number().int(),
    sheetId: z.string(),
    projectName: z.string(),
    departmentId: z.string(),
    departmentName: z.string().nullable(),
    unitId: z.string(),
    fiscalYear: z.number().int(),
    status: z.enum(SHEET_STATUSES),
    entries: z.array(
      z.looseObject({
        ...historyEntryFields,
        source: z.enum(['sheet', 'review']),
        reviewId: z.string().nullable(),
        actingFor: z
          .looseObject({ delegatorId: z.string(), delegationId: z.string(), delegatorName: z.string().nullable(), label: z.string() })
          .nullable()
          .meta({ description: '代理审批：受托人代谁审核（“代X审核”）；本人审核时为 null' }),
        ...historyEntryChanges,
        unreadable: z.string().nullable(),
      }),
    ),
    /** The published versions (公开) of the department's table that contained this sheet, and which of its submissions. */
    publications: z.array(
      z.object({ version: z.number().int().positive(), kind: z.enum(['published', 'correction']), label: z.string(), submissionNo: z.number().int(), reviewId: z.string().nullable() }),
    ),
  })
  .meta({ id: 'SheetHistory', description: '变更记录：谁、何时、以何角色、逐字段改了什么' });

export const departmentHistory = z
  .looseObject({
    generation: z.number().int(),
    departmentId: z.string(),
    name: z.string(),
    entries: z.array(
      z.looseObject({
        ...historyEntryFields,
        source: z.enum(['department', 'sign-off-chain']),
        ...historyEntryChanges,
        unreadable: z.string().nullable(),
      }),
    ),
  })
  .meta({ id: 'DepartmentHistory', description: '部门的变更记录：登记、单位、审核流程的每次修改（谁、何时、原 → 新、理由）' });

const checkpointScope = z.looseObject({ departmentId: z.string(), fiscalYear: z.number().int().nullable() });

/** The copy against the signed checkpoints (see GET /checkpoints). */
export const checkpointCheck = z.looseObject({
  ok: z.boolean(),
  checkpointsChecked: z.number().int(),
  scopesChecked: z.number().int(),
  headsChecked: z.number().int(),
  latest: z.looseObject({ id: z.string(), signedAt: z.string(), position: z.string(), generation: z.number().int() }).nullable(),
  firstProblem: z
    .looseObject({
      checkpointId: z.string(),
      scope: checkpointScope,
      reason: z.enum(['rewritten', 'missing', 'bad-signature', 'unknown-key', 'broken-sequence']),
      streamId: z.string().nullable(),
      streamVersion: z.number().int().nullable(),
      signedHash: z.string().nullable(),
      actualHash: z.string().nullable(),
      message: z.string(),
    })
    .nullable(),
});

export const verifyResult = chainReport.extend({
  generation: z.number().int(),
  position: z.string(),
  checkedAt: z.string(),
  durationMs: z.number(),
  /** Whether the chains hold on their own (ok says: they hold and match the signed checkpoints). */
  chainsOk: z.boolean(),
  checkpoints: checkpointCheck,
  summary: z.string(),
});

export const checkpointView = z
  .looseObject({
    id: z.string(),
    scope: checkpointScope,
    sequence: z.number().int(),
    generation: z.number().int(),
    position: z.string(),
    signedAt: z.string(),
    keyId: z.string(),
    payload: z.string().meta({ description: '签名的规范 JSON（原样）' }),
    digest: z.string(),
    signature: z.string().meta({ description: 'Ed25519 签名（base64）' }),
  })
  .meta({ id: 'Checkpoint', description: '已签名的检查点：某一范围内全部事件流的链头与日志位置' });
export const checkpointList = apiList(checkpointView);
export const signingRun = z.looseObject({
  generation: z.number().int(),
  position: z.string(),
  signed: z.array(checkpointView),
  unchanged: z.number().int(),
  refused: z.array(z.looseObject({ scope: checkpointScope, streamId: z.string(), streamVersion: z.number().int(), reason: z.string() })),
});
export const publicKeyView = z
  .looseObject({ algorithm: z.literal('Ed25519'), keyId: z.string(), publicKey: z.string().meta({ description: 'SPKI PEM' }), previousKeyIds: z.array(z.string()) })
  .meta({ id: 'CheckpointPublicKey', description: '检查点与导出签名的公钥' });
const signedText = z.looseObject({ payload: z.string(), signature: z.string() });
export const exportSignature = z
  .looseObject({ format: z.literal('budget-export-signature/1'), keyId: z.string(), export: signedText, checkpoint: signedText.nullable() })
  .meta({ id: 'ExportSignature', description: '导出文件的签名（.sig）：文件的 SHA-256 与所依据的检查点，可离线核验' });

export const reportingStatus = z.looseObject({ generation: z.number().int(), live: z.unknown(), generations: z.array(z.unknown()), deadLetters: z.number().int() });
export const reportingDepartments = apiList(
  z.looseObject({ departmentId: z.string(), name: z.string(), units: z.array(z.looseObject({ unitId: z.string(), name: z.string() })), fiscalYears: z.array(z.looseObject({ fiscalYear: z.number().int(), sheets: z.number().int(), approved: z.number().int() })) }),
);
export const copiedEvents = z.looseObject({
  generation: z.number().int(),
  items: z.array(z.looseObject({ position: z.string(), sourcePosition: z.unknown(), event: recordedEventSchema.or(z.looseObject({})) })),
  next: z.string().nullable(),
});
const generationChecksums = z.looseObject({ generation: z.number().int(), events: z.number().int(), checksum: z.string(), tables: z.array(z.unknown()) });
export const rebuildReport = z
  .looseObject({
    rebuildId: z.string(),
    generation: z.number().int(),
    previousGeneration: z.number().int(),
    status: z.enum(['copying', 'waiting_for_live', 'comparing', 'switched', 'mismatch', 'failed']),
    message: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().nullable(),
    durationMs: z.number(),
    progress: z.looseObject({ messagesTotal: z.number(), messagesDone: z.number(), percent: z.number(), eventsCopied: z.number(), skippedAfterTarget: z.number() }),
    comparison: z
      .looseObject({
        equal: z.boolean(),
        live: generationChecksums,
        rebuilt: generationChecksums,
        differences: z.array(z.looseObject({ departmentId: z.string(), fiscalYear: z.number().int(), live: z.string().nullable(), rebuilt: z.string().nullable() })),
        carriedOverFromLive: z.number().int(),
        onlyInRebuilt: z.number().int(),
      })
      .nullable(),
    error: z.string().nullable(),
  })
  .meta({ id: 'RebuildReport', description: '重建进度与校验和比较' });

// ---- publication answers ---------------------------------------------------------------

export const publicationKind = z.enum(['published', 'correction']);

export const publishedAnswer = z
  .looseObject({ departmentId: z.string(), fiscalYear: z.number().int(), version: z.number().int(), kind: publicationKind, label: z.string(), checksum: z.string(), globalPosition: z.string() })
  .meta({ id: 'PublishedAnswer', description: '新公开的版本号与校验值' });

export const publicationSummary = z.looseObject({
  version: z.number().int(),
  kind: publicationKind,
  label: z.string().meta({ description: '已发布（第1版）、更正（第N版）' }),
  checksum: z.string(),
  by: z.string(),
  at: z.string(),
  globalPosition: z.string(),
  projects: z.number().int(),
  excluded: z.number().int(),
  reason: z.string().nullable(),
});

export const publicationList = z
  .looseObject({ departmentId: z.string(), fiscalYear: z.number().int(), items: z.array(publicationSummary) })
  .meta({ id: 'PublicationList', description: '已公开的版本：谁、何时、校验值' });

export const publishedDiff = z
  .looseObject({
    departmentId: z.string(),
    fiscalYear: z.number().int(),
    fromVersion: z.number().int(),
    toVersion: z.number().int(),
    identical: z.boolean(),
    projectsAdded: z.array(diffProject),
    projectsRemoved: z.array(diffProject),
    projectsChanged: z.array(z.looseObject({ ...diffProjectRef, changes: z.array(fieldChange) })),
  })
  .meta({ id: 'PublishedDiff', description: '两个公开版本之间的差异' });

export const publishedSheetReopened = z
  .looseObject({ departmentId: z.string(), fiscalYear: z.number().int(), sheetId: z.string(), publishedVersion: z.number().int(), reason: z.string(), sheetVersion: z.number().int() })
  .meta({ id: 'PublishedSheetReopened', description: '公开后重新开放的绩效目标表' });
