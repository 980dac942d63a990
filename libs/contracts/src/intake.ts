import { z } from 'zod';
import {
  expectedVersion,
  integer,
  optionalInteger,
  optionalText,
  strictObject,
  text,
  textList,
  wanYuan,
  wire,
} from './wire';
import { apiList, actorSchema, recordedEventSchema } from './common';

// ---- requests --------------------------------------------------------------------------

const FUNDING_ABSENT = '请填写资金（财政拨款、财政专户拨款、其他资金，单位：万元）';
const FUNDING_NOT_OBJECT = '资金必须是对象：{ fiscalAppropriation, specialAccountAppropriation, otherFunds }（单位：万元）';

const fundingObject = z
  .strictObject(
    {
      fiscalAppropriation: wanYuan.meta({ description: '财政拨款（万元）' }),
      specialAccountAppropriation: wanYuan.meta({ description: '财政专户拨款（万元）' }),
      otherFunds: wanYuan.meta({ description: '其他资金（万元）' }),
      total: wire<undefined, never>({ not: {}, description: '总计由系统自动计算，请勿填写' }, (_v, refuse) => refuse('总计由系统自动计算，请勿填写')).optional(),
    },
    { error: (iss) => (iss.code === 'unrecognized_keys' ? '未知的资金字段' : iss.input === undefined || iss.input === null ? FUNDING_ABSENT : FUNDING_NOT_OBJECT) },
  )
  .meta({ description: '资金，单位万元（精确小数文本）；总计由系统计算' });

const toFunding = (f: { fiscalAppropriation: number; specialAccountAppropriation: number; otherFunds: number }) => ({
  fiscalAppropriation: f.fiscalAppropriation,
  specialAccountAppropriation: f.specialAccountAppropriation,
  otherFunds: f.otherFunds,
});

/** Funding in 万元 on the wire, in 分 once read. */
export const fundingInput = fundingObject.transform(toFunding);
const optionalFundingInput = fundingObject
  .nullish()
  .transform((f) => (f ? toFunding(f) : undefined));

const indicatorShape = {
  indicatorId: optionalText('指标编号'),
  level1: text('一级指标', { examples: ['1-产出指标'] }),
  level2: text('二级指标', { examples: ['11-数量指标'] }),
  name: text('三级指标名称', { examples: ['培训人次'] }),
  periodTarget: optionalText('实施周期指标值', { examples: ['≥500人次'] }),
  annualTarget: text('年度指标值', { examples: ['≥500人次'] }),
};
const INDICATOR_MESSAGES = { notObject: '绩效指标必须是对象', unknownKey: '未知的绩效指标字段' };

export const indicatorInput = strictObject(indicatorShape, INDICATOR_MESSAGES).meta({ description: '绩效指标' });

const indicatorList = z
  .array(indicatorInput, { error: '绩效指标必须是列表' })
  .max(100, { error: '绩效指标最多100条' })
  .nullish()
  .transform((v) => v ?? undefined);

/** POST /sheets */
export const createSheetBody = strictObject({
  fiscalYear: integer('预算年度', { examples: [2024] }),
  unitId: optionalText('资金使用单位', { description: '资金使用单位编号；填报人省略时为本单位' }),
  projectName: text('项目名称'),
  funding: fundingInput,
  goal: optionalText('绩效目标'),
  indicators: indicatorList,
});

/** PATCH /sheets/:sheetId */
export const editSheetBody = strictObject({
  expectedVersion,
  projectName: optionalText('项目名称'),
  goal: optionalText('绩效目标'),
  funding: optionalFundingInput,
});

/** POST /sheets/:sheetId/indicators: the indicator itself, its position and the version. Field errors name `indicator.<field>`. */
export const addIndicatorBody = strictObject(
  { expectedVersion, ...indicatorShape, position: optionalInteger('位置', { minimum: 0, description: '插入位置（从0起）；省略时加在最后' }) },
  INDICATOR_MESSAGES,
);

/** PATCH /sheets/:sheetId/indicators/:indicatorId: only the fields that change. */
export const changeIndicatorBody = strictObject(
  {
    expectedVersion,
    level1: optionalText('一级指标'),
    level2: optionalText('二级指标'),
    name: optionalText('三级指标名称'),
    periodTarget: optionalText('实施周期指标值'),
    annualTarget: optionalText('年度指标值'),
  },
  INDICATOR_MESSAGES,
);

/** Field errors of the indicator routes name the indicator's fields `indicator.<field>`, as they always have. */
export const indicatorFieldName = (field: string): string => (field === 'expectedVersion' || field === 'position' || field === '(body)' ? field : `indicator.${field}`);

/** DELETE /sheets/:sheetId/indicators/:indicatorId?expectedVersion= */
export const removeIndicatorQuery = strictObject(
  {
    expectedVersion: wire<number | undefined, string | undefined>({ type: 'string', pattern: '^\\d+$', description: '您看到的版本号（也可用 If-Match 请求头）' }, (v, refuse) => {
      if (v === undefined) return undefined;
      const n = typeof v === 'string' ? Number(v) : NaN;
      return Number.isSafeInteger(n) && n >= 1 ? n : refuse('版本号必须是正整数');
    }).optional(),
  },
  { unknownKey: '未知的查询条件' },
);

/** PUT /sheets/:sheetId/indicators/order */
export const reorderIndicatorsBody = strictObject({ expectedVersion, indicatorIds: textList('指标顺序') });

const waiverRequestInput = z.strictObject(
  { ruleId: text('规则编号', { examples: ['S01'] }), field: optionalText('字段'), reason: text('豁免理由') },
  { error: (iss) => (iss.code === 'unrecognized_keys' ? '未知字段' : '豁免申请必须是对象：{ ruleId, field?, reason }') },
);

/** POST /sheets/:sheetId/submit */
export const submitSheetBody = strictObject({
  expectedVersion,
  waiverRequests: z
    .array(waiverRequestInput, { error: '豁免申请必须是列表' })
    .nullish()
    .transform((v) => v ?? undefined)
    .meta({ description: '对阻断性审核发现申请豁免' }),
});

/** POST /sheets/:sheetId/withdraw */
export const withdrawSheetBody = strictObject({ expectedVersion, reason: optionalText('撤回原因') });

/** POST /sheets/:sheetId/reopen (finance) */
export const reopenSheetBody = strictObject({
  expectedVersion,
  reason: text('重新开放原因'),
  publishedVersion: optionalInteger('公开版本号（公开后重新开放时，由汇总服务填写）'),
});

/**
 * POST /sheets/:sheetId/carry-forward: next year's draft of this approved continuing project
 * (持续性项目). Nothing to choose: the year is the origin's next, the new sheet's id follows from both.
 */
export const carryForwardSheetBody = strictObject({});

/** POST /departments/:departmentId/carry-forward: every approved sheet of the department's year, into the next. */
export const carryForwardDepartmentBody = strictObject({ fromYear: integer('结转的预算年度', { examples: [2025] }) });

/**
 * POST /departments/:departmentId/batch-reminders: 催办 to every unit with open drafts of the year.
 * The same batchId again records and sends nothing (a retried request); without one, each request is a batch.
 */
export const sendBatchReminderBody = strictObject({
  fiscalYear: integer('预算年度', { examples: [2026] }),
  deadline: text('报送截止日期', { examples: ['2026-03-13'], format: 'date' }),
  message: optionalText('催办说明'),
  batchId: optionalText('催办批次编号（重复提交同一编号不再发送）'),
});

export const SHEET_STATUSES = ['draft', 'submitted', 'under_review', 'revision_requested', 'approved', 'rejected'] as const;

function queryText() {
  return wire<string | undefined, string | undefined>({ type: 'string' }, (v, refuse) => (typeof v === 'string' && v !== '' ? v : refuse('必须是文本'))).optional();
}
function queryInteger(min: number, max: number, fallback?: number) {
  return wire<number | undefined, string | undefined>({ type: 'integer', minimum: min, maximum: max, ...(fallback !== undefined ? { default: fallback } : {}) }, (v, refuse) => {
    const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : NaN;
    return n >= min && n <= max ? n : refuse(`必须是 ${min} 到 ${max} 之间的整数`);
  }).optional();
}

/** GET /sheets */
export const listSheetsQuery = strictObject(
  {
    departmentId: queryText().meta({ description: '部门编号' }),
    unitId: queryText().meta({ description: '单位编号' }),
    status: wire<(typeof SHEET_STATUSES)[number] | undefined, (typeof SHEET_STATUSES)[number] | undefined>(
      { type: 'string', enum: [...SHEET_STATUSES], description: '状态' },
      (v, refuse) => {
        if (typeof v !== 'string' || v === '') return refuse('必须是文本');
        return (SHEET_STATUSES as readonly string[]).includes(v) ? (v as (typeof SHEET_STATUSES)[number]) : refuse(`状态必须是 ${SHEET_STATUSES.join('、')} 之一`);
      },
    ).optional(),
    fiscalYear: queryInteger(2000, 2100).meta({ description: '预算年度' }),
    limit: queryInteger(1, 1000, 100).meta({ description: '每页条数' }),
    offset: queryInteger(0, 10_000_000, 0).meta({ description: '跳过条数' }),
  },
  { unknownKey: '未知的查询条件' },
);

/** POST /imports?fiscalYear= (the table itself is the text/plain body) */
export const importQuery = strictObject(
  {
    fiscalYear: wire<number, string>({ type: 'string', pattern: '^\\d{4}$', description: '预算年度（2000–2100）', examples: ['2024'] }, (v, refuse) => {
      const year = typeof v === 'string' && /^\d{4}$/.test(v) ? Number(v) : NaN;
      return year >= 2000 && year <= 2100 ? year : refuse('请提供预算年度');
    }),
  },
  { unknownKey: '未知的查询条件' },
);

/** GET and POST /fill-template?fiscalYear=&unitId= (a clerk's own unit; a department reviewer or admin names one) */
export const fillTemplateQuery = strictObject(
  {
    fiscalYear: importQuery.shape.fiscalYear,
    unitId: z.string().min(1).max(100).optional().meta({ description: '资金使用单位（填报人无需填写，为本单位）' }),
  },
  { unknownKey: '未知的查询条件' },
);

/** POST /fill-template?unitId= (the workbook names its year and unit) */
export const fillTemplateUploadQuery = strictObject(
  { unitId: fillTemplateQuery.shape.unitId },
  { unknownKey: '未知的查询条件' },
);

/** POST /departments */
export const registerDepartmentBody = strictObject({ name: text('部门名称') });
/** POST /departments/:departmentId/units */
export const addUnitBody = strictObject({ name: text('单位名称') });

// ---- responses -------------------------------------------------------------------------

const amountText = z.string().meta({ description: '金额（万元，精确小数文本）', examples: ['30.00'] });
export const fundingView = z.looseObject({ fiscalAppropriation: amountText, specialAccountAppropriation: amountText, otherFunds: amountText, total: amountText });
export const fundingFen = z
  .looseObject({ fiscalAppropriation: z.number().int(), specialAccountAppropriation: z.number().int(), otherFunds: z.number().int(), total: z.number().int() })
  .meta({ description: '同上，单位分（整数）' });

export const targetValueView = z.looseObject({ text: z.string(), parsed: z.looseObject({ kind: z.string() }) }).meta({ description: '指标值：原文与解析结果' });
export const indicatorView = z.looseObject({
  indicatorId: z.string(),
  level1: z.string(),
  level2: z.string(),
  name: z.string(),
  periodTarget: targetValueView,
  annualTarget: targetValueView,
});
export const waiverRequestView = z.looseObject({ ruleId: z.string(), field: z.string().optional(), reason: z.string() });

export const sheetView = z
  .looseObject({
    sheetId: z.string(),
    version: z.number().int(),
    status: z.enum(SHEET_STATUSES),
    fiscalYear: z.number().int(),
    departmentId: z.string(),
    unitId: z.string(),
    projectName: z.string(),
    funding: fundingView,
    fundingFen,
    goal: z.string(),
    indicators: z.array(indicatorView),
    createdBy: z.string(),
    lastEditedBy: z.string(),
    submissionNo: z.number().int(),
    waiverRequests: z.array(waiverRequestView),
    review: z
      .looseObject({
        reviewId: z.string(),
        round: z.number().int().optional(),
        reasons: z.array(z.looseObject({ field: z.string().optional(), ruleId: z.string().optional(), message: z.string() })).optional(),
        comments: z.string().nullable().optional(),
        grade: z.string().nullable().optional(),
        conditions: z.string().nullable().optional(),
        reason: z.string().optional(),
      })
      .nullable(),
    source: z.looseObject({ kind: z.literal('import'), importId: z.string(), line: z.number().int() }).nullable(),
    origin: z
      .looseObject({ sheetId: z.string(), fiscalYear: z.number().int(), submissionNo: z.number().int(), reviewId: z.string() })
      .optional()
      .meta({ description: '结转来源（持续性项目）：上一年度已批复的绩效目标表；仅结转生成的草稿有此项' }),
    updatedAt: z.string().meta({ description: '最近修改时间（ISO-8601）' }),
  })
  .meta({ id: 'Sheet', description: '绩效目标表的当前状态与版本' });

export const sheetList = z.looseObject({ items: z.array(sheetView), total: z.number().int(), limit: z.number().int(), offset: z.number().int() });
export const sheetEvents = z.looseObject({ sheetId: z.string(), events: z.array(recordedEventSchema) });

export const departmentView = z
  .looseObject({
    departmentId: z.string(),
    name: z.string(),
    version: z.number().int(),
    units: z.array(z.looseObject({ unitId: z.string(), name: z.string() })),
  })
  .meta({ id: 'Department', description: '部门及其单位（按顺序）' });
export const departmentList = apiList(departmentView);

export const importSummary = z
  .looseObject({
    importId: z.string(),
    fiscalYear: z.number().int(),
    department: z.looseObject({ departmentId: z.string(), name: z.string(), created: z.boolean() }),
    units: z.array(
      z.looseObject({ unitId: z.string(), name: z.string(), total: z.string(), totalFen: z.number().int(), projectCount: z.number().int(), created: z.boolean() }),
    ),
    grandTotal: z.string(),
    grandTotalFen: z.number().int(),
    projects: z.looseObject({ read: z.number().int(), created: z.number().int(), alreadyPresent: z.number().int() }),
    sheets: z.array(
      z.looseObject({ sheetId: z.string(), unit: z.string(), projectName: z.string(), total: z.string(), outcome: z.enum(['created', 'already-present']) }),
    ),
    issues: z.array(z.looseObject({ line: z.number().int().nullable(), code: z.string(), message: z.string() })),
  })
  .meta({ id: 'ImportSummary', description: '导入结果：部门、单位、项目与解析问题' });

export const carryForwardSummary = z
  .looseObject({
    departmentId: z.string(),
    fromYear: z.number().int(),
    toYear: z.number().int(),
    counts: z.looseObject({ carried: z.number().int(), alreadyCarried: z.number().int() }),
    sheets: z.array(
      z.looseObject({ originId: z.string(), sheetId: z.string(), projectName: z.string(), outcome: z.enum(['carried', 'already-carried']) }),
    ),
  })
  .meta({ id: 'CarryForwardSummary', description: '整个部门结转至下一年度的结果：逐个已批复项目新建草稿，或已结转过' });

export const batchReminderResult = z
  .looseObject({
    batchId: z.string(),
    departmentId: z.string(),
    fiscalYear: z.number().int(),
    deadline: z.string(),
    outcome: z.enum(['sent', 'already-sent']),
    counts: z.looseObject({ units: z.number().int(), drafts: z.number().int() }),
    units: z.array(z.looseObject({ unitId: z.string(), unitName: z.string(), drafts: z.number().int() })),
  })
  .meta({ id: 'BatchReminderResult', description: '催办结果：催办的单位及其未报送的绩效目标表数；同一批次重复提交答 already-sent，不再发送' });

const templateOutcome = z.enum(['created', 'updated', 'unchanged', 'conflict', 'rejected']);

export const fillTemplateResult = z
  .looseObject({
    fiscalYear: z.number().int(),
    unitId: z.string(),
    counts: z.looseObject({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      conflicts: z.number().int(),
      rejected: z.number().int(),
    }),
    projects: z.array(
      z
        .looseObject({
          /** Excel rows of the project in the uploaded workbook. */
          rows: z.looseObject({ from: z.number().int(), to: z.number().int() }),
          projectName: z.string(),
          sheetId: z.string().nullable(),
          outcome: templateOutcome,
          /** Why, in words, for a conflict or a refusal. */
          message: z.string().nullable(),
          downloadedVersion: z.number().int().nullable(),
          currentVersion: z.number().int().nullable(),
          version: z.number().int().nullable(),
        })
        .meta({ id: 'FillTemplateProject' }),
    ),
  })
  .meta({ id: 'FillTemplateResult', description: '上传填报模板的结果：逐个项目新建、更新、未变、冲突或未接受（附原因）' });

export { actorSchema };
