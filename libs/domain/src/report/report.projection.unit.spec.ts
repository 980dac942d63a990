import { formatWanYuan, parseWanYuan, type Fen } from '../money';
import { parsePublishedTable, writePublishedTable, type PublishedTable } from '../published-table';
import { sheetStreamId } from '../sheet/sheet.decider';
import { type RecordedEvent } from '../events/envelope';
import {
  canonicalTable,
  chainHeadsFor,
  progressFor,
  projectEvents,
  reportTableFor,
  ReportEventError,
  stepEvent,
  toPublishedTable,
  type ReportEventErrorCode,
  type ReportModel,
  type ReportRows,
} from './index';
import { readReferenceTable } from './testing/reference-table';
import { financeReviewer, importTable, TestLog, type ImportedTable } from './testing/report-events';

/** The moment progress is read at in these tests (a level's 已逾期 is judged at it). */
const NOW = '2025-03-01T00:00:00.000Z';

const REFERENCE = parsePublishedTable(readReferenceTable());

function wan(text: string): Fen {
  const r = parseWanYuan(text);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

/** Source lines differ between a file and its re-export; everything else must not. */
function withoutLines(table: PublishedTable): unknown {
  return JSON.parse(JSON.stringify(table, (key, value: unknown) => (key === 'line' ? undefined : value)));
}

function importReference(): { log: TestLog; imported: ImportedTable } {
  const log = new TestLog();
  const imported = importTable(log, REFERENCE.table);
  return { log, imported };
}

function sheetNamed(imported: ImportedTable, name: string): string {
  const sheet = imported.sheets.find((s) => s.name === name);
  if (!sheet) throw new Error(`no sheet ${name}`);
  return sheet.sheetId;
}

function projectNames(model: ReportModel, departmentId = 'dept-1'): string[] {
  return reportTableFor(model, departmentId, 2025).units.flatMap((u) => u.projects.map((p) => p.name));
}

function tableFor(model: ReportModel, departmentId: string, fiscalYear: number) {
  return toPublishedTable(reportTableFor(model, departmentId, fiscalYear));
}

/** The rows of a model, as stepEvent reads them. */
function rowsOf(model: ReportModel): ReportRows {
  return {
    head: (id) => model.streams.get(id) ?? null,
    sheet: (id) => model.sheets.get(id) ?? null,
    department: (id) => model.departments.get(id) ?? null,
    activity: (id) => model.reviewActivity.get(id) ?? null,
  };
}

function errorOf(fn: () => unknown): ReportEventError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ReportEventError) return error;
    throw error;
  }
  throw new Error('expected a ReportEventError');
}

describe('report projection: the reference table through import and sign-off', () => {
  const { log, imported } = importReference();
  for (const sheet of imported.sheets) log.signOff(sheet.sheetId);
  const model = projectEvents(log.events);

  it('writes, after import and approval of every sheet, a table that parses exactly like the reference', () => {
    expect(REFERENCE.issues).toEqual([]);
    const text = writePublishedTable(tableFor(model, imported.departmentId, 2025));
    const again = parsePublishedTable(text);
    expect(again.issues).toEqual([]);
    expect(withoutLines(again.table)).toEqual(withoutLines(REFERENCE.table));
    // Same text as writing the parsed reference: title, order, amounts, goals, indicator cells.
    expect(text).toBe(writePublishedTable(REFERENCE.table));
  });

  it('keeps the title and the department name of the reference', () => {
    const table = tableFor(model, imported.departmentId, 2025);
    expect(table.title).toBe('项目支出绩效目标表（含转移支付项目）');
    expect(table.departmentName).toBe('中国共产党广州市荔湾区委员会组织部');
  });

  it('computes the totals exactly: 302.20 / 287.20 / 7.00 / 3.00 / 5.00 万元', () => {
    const report = reportTableFor(model, imported.departmentId, 2025);
    expect(formatWanYuan(report.grandTotal.total)).toBe('302.20');
    expect(report.grandTotal.total).toBe(wan('302.20'));
    expect(report.units.map((u) => formatWanYuan(u.total))).toEqual(['287.20', '7.00', '3.00', '5.00']);
    expect(report.units[0]!.projects.map((p) => formatWanYuan(p.total))).toEqual([
      '30.00',
      '61.30',
      '20.00',
      '41.85',
      '3.60',
      '70.45',
      '10.00',
      '50.00',
    ]);
  });

  it('keeps sheet ids, unit ids and the approval of every project', () => {
    const report = reportTableFor(model, imported.departmentId, 2025);
    expect(report.units.map((u) => u.unitId)).toEqual(imported.units.map((u) => u.unitId));
    expect(report.units.flatMap((u) => u.projects.map((p) => p.sheetId))).toEqual(imported.sheets.map((s) => s.sheetId));
    expect(report.units.every((u) => u.listed)).toBe(true);
    const zx = report.units[0]!.projects.find((p) => p.name === 'ZXRCBT')!;
    expect(zx.approval).toMatchObject({ grade: '优', conditions: null });
    expect(zx.goal).toBe('');
    expect(zx.indicators).toEqual([]);
    expect(report.asOf).toEqual({ globalPosition: log.last.globalPosition, recordedAt: log.last.recordedAt });
  });

  it('gives the same table when every event is delivered twice (duplicates change nothing)', () => {
    const outcomes: string[] = [];
    const twice = projectEvents([...log.events.flatMap((e) => [e, e]), ...log.events.slice(0, 40)], { onStep: (step) => outcomes.push(step.outcome.outcome) });
    expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(log.events.length + 40);
    expect(canonicalTable(reportTableFor(twice, 'dept-1', 2025))).toBe(canonicalTable(reportTableFor(model, 'dept-1', 2025)));
  });

  it('names the streams the table is built from with their heads', () => {
    const heads = chainHeadsFor(model, 'dept-1', 2025);
    expect(heads).toHaveLength(1 + imported.sheets.length);
    expect(heads.map((h) => h.streamId)).toContain('department-dept-1');
    const head = heads.find((h) => h.streamId === sheetStreamId(imported.sheets[0]!.sheetId))!;
    expect(head).toMatchObject({ streamVersion: 4, hash: expect.stringMatching(/^h0+\d+$/) });
  });
});

describe('report projection: what enters the table', () => {
  it('leaves out sheets that are not approved, and a unit with no approved project', () => {
    const { log, imported } = importReference();
    const id = (name: string) => sheetNamed(imported, name);
    for (const sheet of imported.sheets) {
      if (['关爱党员专项经费', '干部工作经费', '区人才日常工作经费', '组织工作经费', '党史研究专项经费'].includes(sheet.name)) continue;
      log.signOff(sheet.sheetId);
    }
    log.submit(id('干部工作经费')); // submitted
    log.submit(id('区人才日常工作经费'));
    log.startReview(id('区人才日常工作经费'), 'r-talent'); // under review
    log.submit(id('组织工作经费'));
    log.startReview(id('组织工作经费'), 'r-org');
    log.sheet({ type: 'RequestRevision', data: { sheetId: id('组织工作经费'), reviewId: 'r-org', round: 1, reasons: [{ message: '请补充指标' }] } }, financeReviewer);
    log.submit(id('党史研究专项经费'));
    log.startReview(id('党史研究专项经费'), 'r-history');
    log.sheet({ type: 'RejectSheet', data: { sheetId: id('党史研究专项经费'), reviewId: 'r-history', grade: '差', reason: '不予安排' } }, financeReviewer);

    const report = reportTableFor(projectEvents(log.events), 'dept-1', 2025);
    expect(report.units.map((u) => u.name)).toEqual([
      '中国共产党广州市荔湾区委员会组织部',
      '广州市荔湾区党群服务中心',
      '中共广州市荔湾区委组织部电教中心',
    ]);
    expect(report.units[0]!.projects.map((p) => p.name)).toEqual([
      '社区两委正职政府奖励津贴',
      '镇(街)党建工作指导员工资补助经费',
      '专项巡查经费',
      'ZXRCBT',
    ]);
    expect(formatWanYuan(report.units[0]!.total)).toBe('134.05'); // 3.60 + 70.45 + 10.00 + 50.00
    expect(formatWanYuan(report.grandTotal.total)).toBe('146.05');
  });

  it('publishes the content as approved; a reopened sheet leaves the table until approved again', () => {
    const { log, imported } = importReference();
    for (const sheet of imported.sheets) log.signOff(sheet.sheetId);
    const sheetId = sheetNamed(imported, '专项巡查经费');
    const clerk = { id: 'clerk-unit-1', role: 'unit_clerk' as const, departmentId: 'dept-1', unitId: 'unit-1' };

    log.sheet({ type: 'ReopenSheet', data: { sheetId, reason: '预算调整' } }, financeReviewer);
    const reopened = projectEvents(log.events);
    expect(projectNames(reopened)).not.toContain('专项巡查经费');
    expect(formatWanYuan(reportTableFor(reopened, 'dept-1', 2025).grandTotal.total)).toBe('292.20');

    log.sheet({ type: 'ChangeFunding', data: { sheetId, funding: { fiscalAppropriation: wan('12.5'), specialAccountAppropriation: wan('0.3'), otherFunds: 0 } } }, clerk);
    log.sheet({ type: 'ChangeGoal', data: { sheetId, goal: '修改后的目标' } }, clerk);
    expect(projectNames(projectEvents(log.events))).not.toContain('专项巡查经费'); // a draft is not published

    log.signOff(sheetId);
    const report = reportTableFor(projectEvents(log.events), 'dept-1', 2025);
    const project = report.units[0]!.projects.find((p) => p.sheetId === sheetId)!;
    expect(project.goal).toBe('修改后的目标');
    expect(formatWanYuan(project.total)).toBe('12.80');
    expect(formatWanYuan(report.units[0]!.total)).toBe('290.00');
    expect(formatWanYuan(report.grandTotal.total)).toBe('305.00');
    expect(report.grandTotal.funding.specialAccountAppropriation).toBe(wan('0.3'));
    // Still in creation order, not moved to the end by its later approval.
    expect(report.units[0]!.projects.map((p) => p.name).indexOf('专项巡查经费')).toBe(6);
  });

  it('publishes a sheet approved after a revision request with its resubmitted content', () => {
    const log = new TestLog();
    const table: PublishedTable = {
      ...REFERENCE.table,
      units: [{ ...REFERENCE.table.units[1]!, projects: REFERENCE.table.units[1]!.projects }],
    };
    const imported = importTable(log, table);
    const sheetId = imported.sheets[0]!.sheetId;
    const clerk = { id: 'clerk-unit-1', role: 'unit_clerk' as const, departmentId: 'dept-1', unitId: 'unit-1' };
    log.submit(sheetId);
    log.startReview(sheetId, 'r1');
    log.sheet({ type: 'RequestRevision', data: { sheetId, reviewId: 'r1', round: 1, reasons: [{ field: 'indicators[0].annualTarget', message: '请量化' }] } }, financeReviewer);
    log.sheet(
      { type: 'ChangeIndicator', data: { sheetId, indicatorId: `${sheetId}-ind-1`, changes: { annualTarget: '≥130场' } } },
      clerk,
    );
    expect(projectNames(projectEvents(log.events))).toEqual([]);
    log.signOff(sheetId, 'r2');
    const project = reportTableFor(projectEvents(log.events), 'dept-1', 2025).units[0]!.projects[0]!;
    expect(project.indicators[0]!.annualTarget).toBe('≥130场');
    expect(project.approval.reviewId).toBe('r2');
  });

  it('orders units by the department list and projects by creation, whatever the order of approval', () => {
    const log = new TestLog();
    log.department('d', { type: 'RegisterDepartment', data: { departmentId: 'd', name: '部门' } });
    log.department('d', { type: 'AddUnit', data: { unitId: 'u-b', name: '乙单位' } });
    log.department('d', { type: 'AddUnit', data: { unitId: 'u-a', name: '甲单位' } });
    const create = (sheetId: string, unitId: string, projectName: string, fiscalYear = 2025) =>
      log.sheet(
        {
          type: 'CreateDraft',
          data: { sheetId, fiscalYear, departmentId: 'd', unitId, projectName, funding: { fiscalAppropriation: 1_000_000, specialAccountAppropriation: 0, otherFunds: 0 } },
        },
        { id: 'importer', role: 'department_reviewer', departmentId: 'd' },
      );
    create('s1', 'u-a', '甲1');
    create('s2', 'u-b', '乙1');
    create('s3', 'u-x', '无名1'); // a unit the department stream never listed
    create('s4', 'u-a', '甲2');
    create('s5', 'u-b', '乙2', 2026);
    for (const s of ['s4', 's3', 's2', 's1', 's5']) log.signOff(s);
    log.department('d', { type: 'RenameUnit', data: { unitId: 'u-a', name: '甲单位（更名）' } });

    const model = projectEvents(log.events);
    const report = reportTableFor(model, 'd', 2025);
    expect(report.units.map((u) => [u.name, u.listed, u.projects.map((p) => p.name)])).toEqual([
      ['乙单位', true, ['乙1']],
      ['甲单位（更名）', true, ['甲1', '甲2']],
      ['u-x', false, ['无名1']],
    ]);
    expect(reportTableFor(model, 'd', 2026).units.map((u) => u.name)).toEqual(['乙单位']);
    expect(reportTableFor(model, 'd', 2024).units).toEqual([]);
    expect(() => reportTableFor(model, 'nope', 2025)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });

  it('reads v1 events through the sheet upcaster (targets stored as text)', () => {
    const log = new TestLog();
    log.department('d', { type: 'RegisterDepartment', data: { departmentId: 'd', name: '部门' } });
    log.department('d', { type: 'AddUnit', data: { unitId: 'u', name: '单位' } });
    const indicator = { indicatorId: 'i1', level1: '1-产出指标', level2: '11-数量指标', name: '场次', periodTarget: '≥2场', annualTarget: '≥2次' };
    log.append(
      sheetStreamId('s'),
      'DraftCreated',
      {
        sheetId: 's',
        fiscalYear: 2025,
        departmentId: 'd',
        unitId: 'u',
        projectName: '旧项目',
        funding: { fiscalAppropriation: 500_000, specialAccountAppropriation: 0, otherFunds: 0 },
        goal: '目标',
        indicators: [indicator],
        source: null,
        createdBy: 'clerk-u',
      },
      undefined,
      1,
    );
    const created = projectEvents(log.events);
    expect(created.sheets.get('s')!.state.content.indicators[0]!.annualTarget).toMatchObject({ text: '≥2次', parsed: { kind: 'quantitative' } });
  });
});

describe('report projection: events it cannot apply', () => {
  function base(): { log: TestLog; model: ReportModel; sheetId: string } {
    const log = new TestLog();
    const imported = importTable(log, { ...REFERENCE.table, units: [REFERENCE.table.units[2]!] });
    const sheetId = imported.sheets[0]!.sheetId;
    return { log, model: projectEvents(log.events), sheetId };
  }

  function next(log: TestLog, sheetId: string, type: string, data: unknown, schemaVersion = 1, version?: number) {
    const e = log.append(sheetStreamId(sheetId), type, data, undefined, schemaVersion);
    return version === undefined ? e : { ...e, streamVersion: version };
  }

  const cases: [string, ReportEventErrorCode, (log: TestLog, sheetId: string) => unknown][] = [
    ['an envelope without streamVersion', 'MALFORMED_ENVELOPE', (log, s) => ({ ...next(log, s, 'SheetSubmitted', {}), streamVersion: undefined })],
    ['an envelope with a numeric position', 'MALFORMED_ENVELOPE', (log, s) => ({ ...next(log, s, 'SheetSubmitted', {}), globalPosition: 7 })],
    ['an envelope with a bad recordedAt', 'MALFORMED_ENVELOPE', (log, s) => ({ ...next(log, s, 'SheetSubmitted', {}), recordedAt: 'yesterday' })],
    ['an unknown type on a sheet stream', 'UNKNOWN_EVENT_TYPE', (log, s) => next(log, s, 'SheetTeleported', { sheetId: s })],
    ['a schema version from the future', 'UNSUPPORTED_SCHEMA_VERSION', (log, s) => next(log, s, 'SheetWithdrawn', { sheetId: s, submissionNo: 1, reason: null }, 9)],
    ['funding as text', 'MALFORMED_EVENT', (log, s) => next(log, s, 'DraftFundingChanged', { sheetId: s, before: {}, after: { fiscalAppropriation: '7', specialAccountAppropriation: 0, otherFunds: 0 }, editedBy: 'x' })],
    ['a v1 event whose indicators are not a list', 'MALFORMED_EVENT', (log, s) => next(log, s, 'SheetSubmitted', { sheetId: s, content: { indicators: 'x' } }, 1)],
    ['an approval with an unknown grade', 'MALFORMED_EVENT', (log, s) => next(log, s, 'SheetApproved', { sheetId: s, submissionNo: 1, reviewId: 'r', grade: 'A', conditions: null })],
    ['a skipped version', 'STREAM_GAP', (log, s) => next(log, s, 'DraftGoalChanged', { sheetId: s, before: '', after: 'x', editedBy: 'x' }, 1, 5)],
    ['another event at a version already applied', 'CONFLICTING_EVENT', (log, s) => ({ ...next(log, s, 'DraftGoalChanged', { sheetId: s, before: '', after: 'x', editedBy: 'x' }, 1, 1), eventId: 'other' })],
    ['an event of another sheet on this stream', 'INCONSISTENT_EVENT', (log, s) => next(log, s, 'DraftGoalChanged', { sheetId: 'other', before: '', after: 'x', editedBy: 'x' })],
    ['a decision on a sheet never created', 'INCONSISTENT_EVENT', (log) => log.append(sheetStreamId('ghost'), 'SheetApproved', { sheetId: 'ghost', submissionNo: 1, reviewId: 'r', grade: '优', conditions: null })],
    ['a unit added before its department', 'INCONSISTENT_EVENT', (log) => log.append('department-ghost', 'UnitAdded', { departmentId: 'ghost', unitId: 'u', name: 'n', position: 0 })],
  ];

  it.each(cases)('throws a typed error for %s and changes no row', (_name, code, make) => {
    const { log, model, sheetId } = base();
    const before = JSON.stringify([...model.sheets, ...model.streams, model.position, model.eventsApplied]);
    const event = make(log, sheetId) as RecordedEvent;
    const error = errorOf(() => stepEvent(rowsOf(model), event));
    expect(error.code).toBe(code);
    expect(error.toJSON()).toMatchObject({ name: 'ReportEventError', code, event: { type: expect.any(String) } });
    expect(JSON.stringify([...model.sheets, ...model.streams, model.position, model.eventsApplied])).toBe(before);
  });

  it('hands failures to onError and goes on with the next event', () => {
    const { log, sheetId } = base();
    log.append(sheetStreamId('ghost'), 'SheetApproved', { sheetId: 'ghost', submissionNo: 1, reviewId: 'r', grade: '优', conditions: null });
    log.signOff(sheetId);
    const failures: string[] = [];
    const model = projectEvents(log.events, { onError: (e, event) => failures.push(`${e.code}@${event.globalPosition}`) });
    expect(failures).toEqual([expect.stringMatching(/^INCONSISTENT_EVENT@\d+$/)]);
    expect(projectNames(model)).toEqual(['党史研究专项经费']);
  });

  it('ignores events of other streams it does not know, and review events that name no level, and says why', () => {
    const { log, model } = base();
    const step = (event: RecordedEvent) => stepEvent(rowsOf(model), event).outcome;
    expect(step(log.append('review-1', 'FindingsRecorded', { reviewId: 'review-1', sheetId: 's', ruleSetVersion: '1', findings: [] }))).toEqual({
      outcome: 'ignored',
      reason: 'FindingsRecorded: names no review level',
    });
    expect(step(log.append('user-1', 'UserCreated', 'not an object'))).toEqual({ outcome: 'ignored', reason: 'UserCreated: not an event the report reads' });
    expect(step(log.append('review-2', 'ReviewRevisionRequested', { reviewId: 'r', sheetId: 's', by: 'system', level: null, automatic: true }))).toMatchObject({ outcome: 'ignored' });
  });

  it('refuses a review event whose level is not a level of the sign-off chain (the typed ReviewEvent, not a guess)', () => {
    const { log, model } = base();
    for (const level of [[1], 2, 'department_reviewer', { name: 'finance' }]) {
      const error = errorOf(() => stepEvent(rowsOf(model), log.append('review-2', 'LevelTaskOpened', { reviewId: 'r', sheetId: 's', level, role: 'unit_head' })));
      expect(error.code).toBe('MALFORMED_EVENT');
    }
    const error = errorOf(() => stepEvent(rowsOf(model), log.append('review-3', 'LevelApproved', { reviewId: 'r', sheetId: 's', by: 'u-finance', level: 'finance' }, undefined, 9)));
    expect(error.code).toBe('UNSUPPORTED_SCHEMA_VERSION');
  });
});

describe('progress view', () => {
  it('lists every sheet with its status and where it waits, review levels included', () => {
    const { log, imported } = importReference();
    const id = (name: string) => sheetNamed(imported, name);
    log.signOff(id('关爱党员专项经费'));
    log.submit(id('干部工作经费'));
    log.submit(id('区人才日常工作经费'));
    log.startReview(id('区人才日常工作经费'), 'r-talent');
    log.append('review-r-talent', 'LevelTaskOpened', { reviewId: 'r-talent', sheetId: id('区人才日常工作经费'), level: 'unit_head', role: 'unit_head' });
    log.append('review-r-talent', 'LevelApproved', { reviewId: 'r-talent', sheetId: id('区人才日常工作经费'), by: 'u-head', level: 'unit_head', comments: null });
    log.append('review-r-talent', 'LevelTaskOpened', { reviewId: 'r-talent', sheetId: id('区人才日常工作经费'), level: 'department', role: 'department_reviewer' });
    // The review service has opened the review of 组织工作经费 before intake recorded SheetReviewStarted.
    log.submit(id('组织工作经费'));
    log.append('review-r-org', 'LevelTaskOpened', { reviewId: 'r-org', sheetId: id('组织工作经费'), level: 'finance', role: 'finance_reviewer' });
    log.submit(id('社区两委正职政府奖励津贴'));
    log.startReview(id('社区两委正职政府奖励津贴'), 'r-allowance');
    log.sheet(
      { type: 'RequestRevision', data: { sheetId: id('社区两委正职政府奖励津贴'), reviewId: 'r-allowance', round: 1, reasons: [{ message: '补充' }] } },
      financeReviewer,
    );
    log.signOff(id('专项巡查经费'));
    log.sheet({ type: 'ReopenSheet', data: { sheetId: id('专项巡查经费'), reason: '调整' } }, financeReviewer);

    const progress = progressFor(projectEvents(log.events), { departmentId: 'dept-1', fiscalYear: 2025 }, NOW);
    expect(progress).toHaveLength(imported.sheets.length);
    expect(progress.map((p) => p.projectName)).toEqual(imported.sheets.map((s) => s.name));
    const of = (name: string) => progress.find((p) => p.projectName === name)!;
    expect(of('关爱党员专项经费')).toMatchObject({ status: 'approved', waitingAt: { stage: 'done', outcome: 'approved' }, unitName: '中国共产党广州市荔湾区委员会组织部' });
    expect(of('干部工作经费')).toMatchObject({ status: 'submitted', waitingAt: { stage: 'review_queue' } });
    expect(of('区人才日常工作经费')).toMatchObject({
      status: 'under_review',
      waitingAt: { stage: 'review', reviewId: 'r-talent', level: 'department', levelLabel: '主管部门', levelEvent: 'LevelTaskOpened', label: '审核中：主管部门' },
    });
    expect(of('组织工作经费')).toMatchObject({ status: 'submitted', waitingAt: { stage: 'review', level: 'finance', levelLabel: '财政部门' } });
    expect(of('社区两委正职政府奖励津贴')).toMatchObject({ status: 'revision_requested', waitingAt: { stage: 'unit', reason: 'revision_requested', round: 1 } });
    expect(of('专项巡查经费')).toMatchObject({ status: 'draft', waitingAt: { stage: 'unit', reason: 'reopened' } });
    expect(of('ZXRCBT')).toMatchObject({ status: 'draft', submissionNo: 0, total: wan('50'), waitingAt: { stage: 'unit', reason: 'draft' } });
    expect(of('党史研究专项经费').unitName).toBe('中共广州市荔湾区委党史研究室');
    expect(progressFor(projectEvents(log.events), { unitId: 'unit-2' }, NOW).map((p) => p.projectName)).toEqual(['党群服务中心业务工作经费']);
  });

  it('does not show the level of a finished review on the next one', () => {
    const log = new TestLog();
    const imported = importTable(log, { ...REFERENCE.table, units: [REFERENCE.table.units[3]!] });
    const sheetId = imported.sheets[0]!.sheetId;
    log.submit(sheetId);
    log.startReview(sheetId, 'r1');
    log.append('review-r1', 'LevelTaskOpened', { reviewId: 'r1', sheetId, level: 'finance', role: 'finance_reviewer' });
    log.sheet({ type: 'RequestRevision', data: { sheetId, reviewId: 'r1', round: 1, reasons: [{ message: '补充' }] } }, financeReviewer);
    log.submit(sheetId);
    expect(progressFor(projectEvents(log.events), {}, NOW)[0]!.waitingAt).toEqual({ stage: 'review_queue', label: '已提交，待开始审核' });
    log.startReview(sheetId, 'r2');
    expect(progressFor(projectEvents(log.events), {}, NOW)[0]!.waitingAt).toMatchObject({ stage: 'review', reviewId: 'r2', level: null, label: '审核中' });
  });
});

describe('progress view: 已逾期', () => {
  it('given a level due at a moment, when progress is read after it, then the sheet waits there 已逾期; before it, or once the level is approved, it does not', () => {
    const log = new TestLog();
    const imported = importTable(log, { ...REFERENCE.table, units: [REFERENCE.table.units[3]!] });
    const sheetId = imported.sheets[0]!.sheetId;
    log.submit(sheetId);
    log.startReview(sheetId, 'r1');
    const dueAt = '2025-03-07T15:59:59.999Z';
    log.append('review-r1', 'LevelTaskOpened', { reviewId: 'r1', sheetId, level: 'unit_head', role: 'unit_head', openedAt: '2025-03-04T02:00:00.000Z', dueAt });
    const waiting = (now: string) => progressFor(projectEvents(log.events), {}, now)[0]!.waitingAt;
    expect(waiting('2025-03-07T08:00:00.000Z')).toMatchObject({ stage: 'review', level: 'unit_head', dueAt, overdue: false, label: '审核中：单位负责人' });
    expect(waiting('2025-03-08T01:00:00.000Z')).toMatchObject({ stage: 'review', level: 'unit_head', dueAt, overdue: true, label: '审核中：单位负责人（已逾期）' });
    // A warning acknowledged at the level keeps the level's due time.
    log.append('review-r1', 'WarningsAcknowledged', { reviewId: 'r1', sheetId, level: 'unit_head', by: 'u-head', ruleIds: [] });
    expect(waiting('2025-03-08T01:00:00.000Z')).toMatchObject({ dueAt, overdue: true });
    log.append('review-r1', 'LevelApproved', { reviewId: 'r1', sheetId, by: 'u-head', level: 'unit_head', comments: null });
    expect(waiting('2025-03-08T01:00:00.000Z')).toMatchObject({ level: 'unit_head', overdue: false, label: '审核中：单位负责人' });
  });
});

describe('report projection: each fiscal year keeps its own order of units', () => {
  it('given a later year’s table listing the same units in another order and a new unit, when exported, then each year follows its own table', () => {
    const log = new TestLog();
    const year2025 = importTable(log, REFERENCE.table, 'dept-1', 2025);
    // 2026: the department restructured: units in reverse order, a new unit in front.
    const reversed = { ...REFERENCE.table, units: [...REFERENCE.table.units].reverse() };
    const [first] = REFERENCE.table.units;
    if (!first) throw new Error('no unit');
    const newUnit = { ...first, name: '新设单位', projects: first.projects.slice(0, 1) };
    // Lines as in the 2026 file: in its own order.
    let line = 8;
    const units2026 = [newUnit, ...reversed.units].map((u) => ({ ...u, line: line++, projects: u.projects.map((p) => ({ ...p, line: line++ })) }));
    const year2026 = importTable(log, { ...reversed, units: units2026 }, 'dept-1', 2026);
    for (const s of [...year2025.sheets, ...year2026.sheets]) log.signOff(s.sheetId);
    const model = projectEvents(log.events);
    const names = (year: number) => reportTableFor(model, 'dept-1', year).units.map((u) => u.name);
    expect(names(2025)).toEqual(REFERENCE.table.units.map((u) => u.name));
    expect(names(2026)).toEqual(['新设单位', ...[...REFERENCE.table.units].reverse().map((u) => u.name)]);
    expect(writePublishedTable(tableFor(model, 'dept-1', 2025))).toBe(writePublishedTable(REFERENCE.table));
    // /progress lists each year's sheets in that year's table order too.
    const progressUnits = (year: number) => [...new Set(progressFor(model, { fiscalYear: year }, NOW).map((p) => p.unitName))];
    expect(progressUnits(2025)).toEqual(names(2025));
    expect(progressUnits(2026)).toEqual(names(2026));
    const tableProjects = (year: number) => reportTableFor(model, 'dept-1', year).units.flatMap((u) => u.projects.map((p) => p.sheetId));
    expect(progressFor(model, { departmentId: 'dept-1' }, NOW).map((p) => p.sheetId)).toEqual([...tableProjects(2025), ...tableProjects(2026)]);
  });

  it('given a draft typed in after the import, when approved, then it goes to the end of its unit', () => {
    const log = new TestLog();
    const imported = importTable(log, REFERENCE.table, 'dept-1', 2025);
    const [unit] = imported.units;
    if (!unit) throw new Error('no unit');
    log.sheet(
      {
        type: 'CreateDraft',
        data: {
          sheetId: 'late',
          fiscalYear: 2025,
          departmentId: 'dept-1',
          unitId: unit.unitId,
          projectName: '后增项目',
          funding: { fiscalAppropriation: 1_000_000, specialAccountAppropriation: 0, otherFunds: 0 },
        },
      },
      { id: `clerk-${unit.unitId}`, role: 'unit_clerk', departmentId: 'dept-1', unitId: unit.unitId },
    );
    for (const s of [...imported.sheets.map((x) => x.sheetId), 'late']) log.signOff(s);
    const report = reportTableFor(projectEvents(log.events), 'dept-1', 2025);
    expect(report.units[0]?.projects.at(-1)?.name).toBe('后增项目');
    expect(report.units.map((u) => u.name)).toEqual(REFERENCE.table.units.map((u) => u.name));
  });
});
