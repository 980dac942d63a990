import type { z } from 'zod';
import { fieldErrorsOf } from './errors';
import * as intake from './intake';
import * as reporting from './reporting';
import * as review from './review';

const errorsOf = (schema: z.ZodType, input: unknown, rename?: (f: string) => string) => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error(`expected a refusal, got ${JSON.stringify(r.data)}`);
  return fieldErrorsOf(r.error, rename);
};

describe('intake requests', () => {
  it('reads a draft: amounts in 万元 become 分, digits in text are a year, blanks are 0', () => {
    const out = intake.createSheetBody.parse({
      fiscalYear: '2031',
      projectName: '党员教育培训经费',
      funding: { fiscalAppropriation: '12.3456', otherFunds: 1, specialAccountAppropriation: '' },
      indicators: [{ level1: '1-产出指标', level2: '11-数量指标', name: '培训人次', annualTarget: '≥500人次' }],
    });
    expect(out).toEqual({
      fiscalYear: 2031,
      projectName: '党员教育培训经费',
      funding: { fiscalAppropriation: 12_345_600, specialAccountAppropriation: 0, otherFunds: 1_000_000 },
      indicators: [{ level1: '1-产出指标', level2: '11-数量指标', name: '培训人次', annualTarget: '≥500人次' }],
    });
  });

  it('answers with the field errors the service always gave, unknown keys one by one', () => {
    expect(
      errorsOf(intake.createSheetBody, {
        fiscalYear: '二〇二五',
        projectName: 42,
        funding: { fiscalAppropriation: '-1', total: '0.10', colour: 1 },
        indicators: [{ level1: '1-产出指标', extra: 1 }, 3],
        colour: 'red',
        shade: 'dark',
      }),
    ).toEqual([
      { field: 'fiscalYear', message: '预算年度必须是整数' },
      { field: 'projectName', message: '项目名称必须是文本' },
      { field: 'funding.fiscalAppropriation', message: '金额不能为负数' },
      { field: 'funding.total', message: '总计由系统自动计算，请勿填写' },
      { field: 'funding.colour', message: '未知的资金字段' },
      { field: 'indicators[0].level2', message: '请填写二级指标' },
      { field: 'indicators[0].name', message: '请填写三级指标名称' },
      { field: 'indicators[0].annualTarget', message: '请填写年度指标值' },
      { field: 'indicators[0].extra', message: '未知的绩效指标字段' },
      { field: 'indicators[1]', message: '绩效指标必须是对象' },
      { field: 'colour', message: '未知字段' },
      { field: 'shade', message: '未知字段' },
    ]);
    expect(errorsOf(intake.createSheetBody, {})).toEqual([
      { field: 'fiscalYear', message: '请填写预算年度' },
      { field: 'projectName', message: '请填写项目名称' },
      { field: 'funding', message: '请填写资金（财政拨款、财政专户拨款、其他资金，单位：万元）' },
    ]);
    expect(errorsOf(intake.createSheetBody, [])).toEqual([{ field: '(body)', message: '请求内容必须是 JSON 对象' }]);
    expect(errorsOf(intake.createSheetBody, { fiscalYear: 2031, projectName: 'x', funding: 'lots' })).toEqual([
      { field: 'funding', message: '资金必须是对象：{ fiscalAppropriation, specialAccountAppropriation, otherFunds }（单位：万元）' },
    ]);
    expect(errorsOf(intake.createSheetBody, { fiscalYear: 2031, projectName: 'x', funding: {}, indicators: 'x' })).toEqual([{ field: 'indicators', message: '绩效指标必须是列表' }]);
  });

  it('asks for the version the client saw, and treats null as absent in optional fields', () => {
    expect(errorsOf(intake.editSheetBody, { goal: 'x' })).toEqual([
      { field: 'expectedVersion', message: '请提供您看到的版本号 expectedVersion（或 If-Match 请求头），以免覆盖他人的修改' },
    ]);
    expect(errorsOf(intake.editSheetBody, { expectedVersion: 0 })).toEqual([{ field: 'expectedVersion', message: '版本号必须是正整数' }]);
    expect(intake.editSheetBody.parse({ expectedVersion: 3, goal: null, funding: null })).toEqual({ expectedVersion: 3, goal: undefined, funding: undefined });
  });

  it('names the fields of an added indicator indicator.<field>', () => {
    expect(errorsOf(intake.addIndicatorBody, { expectedVersion: 2, level1: 3, position: 'x', colour: 1 }, intake.indicatorFieldName)).toEqual([
      { field: 'indicator.level1', message: '一级指标必须是文本' },
      { field: 'indicator.level2', message: '请填写二级指标' },
      { field: 'indicator.name', message: '请填写三级指标名称' },
      { field: 'indicator.annualTarget', message: '请填写年度指标值' },
      { field: 'position', message: '位置必须是整数' },
      { field: 'indicator.colour', message: '未知的绩效指标字段' },
    ]);
  });

  it('checks the list query and the import year', () => {
    expect(errorsOf(intake.listSheetsQuery, { status: 'lost', limit: '0', colour: 'red' })).toEqual([
      { field: 'status', message: '状态必须是 draft、submitted、under_review、revision_requested、approved、rejected 之一' },
      { field: 'limit', message: '必须是 1 到 1000 之间的整数' },
      { field: 'colour', message: '未知的查询条件' },
    ]);
    expect(intake.listSheetsQuery.parse({ fiscalYear: '2024', limit: '5' })).toEqual({ fiscalYear: 2024, limit: 5 });
    expect(errorsOf(intake.importQuery, {})).toEqual([{ field: 'fiscalYear', message: '请提供预算年度' }]);
    expect(errorsOf(intake.submitSheetBody, { expectedVersion: 1, waiverRequests: [{ ruleId: 'S01' }, 'x'] })).toEqual([
      { field: 'waiverRequests[0].reason', message: '请填写豁免理由' },
      { field: 'waiverRequests[1]', message: '豁免申请必须是对象：{ ruleId, field?, reason }' },
    ]);
  });
});

describe('review requests', () => {
  it('keeps the messages of the sign-off actions', () => {
    expect(errorsOf(review.gradeBody, { grade: '甲' })).toEqual([{ field: 'grade', message: '评级只能是优、良、中、差' }]);
    expect(errorsOf(review.decideWaiverBody, {})).toEqual([
      { field: 'findingKeys', message: '豁免事项必须是文本列表' },
      { field: 'grant', message: '请填写是否同意豁免' },
      { field: 'reason', message: '请填写豁免决定的理由' },
    ]);
    expect(errorsOf(review.requestRevisionBody, {})).toEqual([{ field: 'comments', message: '请填写退回意见' }]);
    expect(errorsOf(review.requestRevisionBody, { comments: [{}, 1] })).toEqual([
      { field: 'comments[0].message', message: '请填写意见内容' },
      { field: 'comments[1]', message: '退回意见的每一项必须是对象' },
    ]);
    expect(review.approveBody.parse({})).toEqual({});
    expect(errorsOf(review.markReadBody, {})).toEqual([{ field: 'ids', message: '消息编号必须是文本列表' }]);
    expect(review.markReadBody.parse({ all: true })).toEqual({ all: true });
    expect(errorsOf(review.webhookBody, { url: 'ftp://x', secret: 'short', kinds: ['nope'] })).toEqual([
      { field: 'url', message: '接收地址须为 http(s) 网址' },
      { field: 'secret', message: '签名密钥至少16个字符' },
      { field: 'kinds', message: '未知的通知类型：nope' },
    ]);
    expect(errorsOf(review.inboxQuery, { limit: '501' })).toEqual([{ field: 'limit', message: '每页条数须为1到500之间的整数' }]);
  });
});

describe('reporting queries', () => {
  it('keeps the messages of the query-string checks', () => {
    expect(errorsOf(reporting.tableQuery, {})).toEqual([{ field: 'department', message: '请提供部门名称或编号（查询参数 department）' }]);
    expect(errorsOf(reporting.tableQuery, { department: 'x', colour: 'red' })).toEqual([{ field: 'colour', message: '未知的查询参数（可用：department、fiscalYear、asOf、verify）' }]);
    expect(errorsOf(reporting.tableQuery, { department: 'x', fiscalYear: '1999' })).toEqual([{ field: 'fiscalYear', message: '预算年度必须是 2000 到 2100 之间的四位年份，收到“1999”' }]);
    expect(errorsOf(reporting.tableQuery, { department: 'x', asOf: 'yesterday' })[0]!.message).toMatch(/时间格式不正确/);
    expect(errorsOf(reporting.exportQuery, { department: 'x', format: 'pdf' })).toEqual([{ field: 'format', message: '不支持的导出格式“pdf”：可选 txt、csv、xlsx、html' }]);
    expect(errorsOf(reporting.diffQuery, { department: 'x' })).toEqual([{ field: 'from', message: '请提供起始时间点（查询参数 from）' }]);
    expect(reporting.exportQuery.parse({ department: 'x', format: 'XLSX', metadata: 'no' })).toEqual({ department: 'x', format: 'xlsx', metadata: false });
    expect(errorsOf(reporting.eventsQuery, { after: '-1', limit: '0' })).toEqual([
      { field: 'after', message: '起始位置必须是非负整数' },
      { field: 'limit', message: '条数必须是 1 到 1000 之间的整数' },
    ]);
  });
});
