import { DomainError } from '../errors';
import { parsePublishedTable, type PublishedTable } from '../published-table';
import {
  canonicalTable,
  checkAsOfLimit,
  diffTables,
  isWithin,
  projectEvents,
  reportTableFor,
  toPublishedTable,
  type AsOfLimit,
  type ReportModel,
  type ReportTable,
} from './index';
import { type RecordedEvent } from '../events/envelope';
import { readReferenceTable } from './testing/reference-table';
import { financeReviewer, importTable, TestLog } from './testing/report-events';

const REFERENCE = parsePublishedTable(readReferenceTable()).table;

/** The model as it stood at the limit: the same fold over the log's prefix (what the reporting service does with its copy). */
function projectAsOf(events: readonly RecordedEvent[], limit: AsOfLimit): ReportModel {
  checkAsOfLimit(limit);
  return projectEvents(events.filter((e) => isWithin(e, limit)));
}

function tableFor(model: ReportModel, departmentId: string, fiscalYear: number) {
  return toPublishedTable(reportTableFor(model, departmentId, fiscalYear));
}

/** The reference imported and signed off sheet by sheet; 电教中心业务工作经费 (the last row) is approved last. */
function signedOffReference() {
  const log = new TestLog();
  const imported = importTable(log, REFERENCE);
  for (const sheet of imported.sheets) log.signOff(sheet.sheetId);
  const lastApproval = log.last;
  return { log, imported, lastApproval };
}

describe('as of a moment', () => {
  const { log, imported, lastApproval } = signedOffReference();
  const before = { globalPosition: String(BigInt(lastApproval.globalPosition) - 1n) };
  const final = reportTableFor(projectEvents(log.events), 'dept-1', 2025);

  it('lacks, just before the last approval, exactly that project', () => {
    const earlier = reportTableFor(projectAsOf(log.events, before), 'dept-1', 2025);
    const names = earlier.units.flatMap((u) => u.projects.map((p) => p.name));
    expect(names).toEqual(imported.sheets.map((s) => s.name).filter((n) => n !== '电教中心业务工作经费'));
    expect(earlier.units.map((u) => u.name)).not.toContain('中共广州市荔湾区委组织部电教中心');
    expect(earlier.asOf.globalPosition).toBe(before.globalPosition);
  });

  it('gives the same model by recordedAt as by position', () => {
    const at = log.events.find((e) => e.globalPosition === before.globalPosition)!.recordedAt;
    const byTime = reportTableFor(projectAsOf(log.events, { recordedAt: at }), 'dept-1', 2025);
    const byPosition = reportTableFor(projectAsOf(log.events, before), 'dept-1', 2025);
    expect(byTime).toEqual(byPosition);
    // An instant with an offset names the same moment.
    const shanghai = new Date(Date.parse(at) + 8 * 3600_000).toISOString().replace('Z', '+08:00');
    expect(reportTableFor(projectAsOf(log.events, { recordedAt: shanghai }), 'dept-1', 2025)).toEqual(byPosition);
  });

  it('is the whole table at or after the last event, and knows nothing before the first', () => {
    expect(reportTableFor(projectAsOf(log.events, { globalPosition: lastApproval.globalPosition }), 'dept-1', 2025)).toEqual(final);
    expect(reportTableFor(projectAsOf(log.events, { recordedAt: '2099-01-01T00:00:00Z' }), 'dept-1', 2025)).toEqual(final);
    const empty = projectAsOf(log.events, { recordedAt: '2020-01-01T00:00:00Z' });
    expect(empty.departments.size).toBe(0);
    expect(empty.position).toBeNull();
    expect(() => reportTableFor(empty, 'dept-1', 2025)).toThrow(DomainError);
  });

  it('refuses malformed limits with VALIDATION_FAILED', () => {
    for (const limit of [{ globalPosition: '-1' }, { globalPosition: '1.5' }, { recordedAt: 'yesterday' }, { recordedAt: '2025-03-01 08:00' }, { recordedAt: '2025-13-45T08:00:00Z' }]) {
      expect(() => checkAsOfLimit(limit)).toThrow(expect.objectContaining({ code: 'VALIDATION_FAILED' }));
      expect(() => projectAsOf(log.events, limit)).toThrow(DomainError);
    }
    expect(checkAsOfLimit({ recordedAt: '2025-03-01T08:00:00.123+08:00' })).toBeTruthy();
  });

  it('gives the whole table from a prefix replayed before the whole log (the overlap is duplicates)', () => {
    const upTo = log.events.filter((e) => isWithin(e, before));
    expect(reportTableFor(projectEvents(upTo), 'dept-1', 2025).units).toHaveLength(3);
    expect(reportTableFor(projectEvents([...upTo, ...log.events]), 'dept-1', 2025)).toEqual(final);
  });
});

describe('diff between two tables', () => {
  const { log, lastApproval } = signedOffReference();
  const before = projectAsOf(log.events, { globalPosition: String(BigInt(lastApproval.globalPosition) - 1n) });
  const after = projectEvents(log.events);

  it('shows exactly the project approved in between, and the totals it moved', () => {
    const diff = diffTables(reportTableFor(before, 'dept-1', 2025), reportTableFor(after, 'dept-1', 2025));
    expect(diff).toEqual({
      identical: false,
      keyedBy: 'id',
      from: { departmentName: REFERENCE.departmentName, fiscalYear: 2025, asOf: expect.objectContaining({ globalPosition: String(BigInt(lastApproval.globalPosition) - 1n) }) },
      to: { departmentName: REFERENCE.departmentName, fiscalYear: 2025, asOf: expect.objectContaining({ globalPosition: lastApproval.globalPosition }) },
      table: [],
      grandTotal: [
        { field: 'total', before: '297.20', after: '302.20', beforeFen: 297_200_000, afterFen: 302_200_000 },
        { field: 'funding.fiscalAppropriation', before: '297.20', after: '302.20', beforeFen: 297_200_000, afterFen: 302_200_000 },
      ],
      unitsAdded: [{ key: 'unit-4', unitId: 'unit-4', name: '中共广州市荔湾区委组织部电教中心', total: '5.00', totalFen: 5_000_000 }],
      unitsRemoved: [],
      unitsChanged: [],
      projectsAdded: [{ key: 'sheet-4-1', sheetId: 'sheet-4-1', unit: '中共广州市荔湾区委组织部电教中心', name: '电教中心业务工作经费', total: '5.00', totalFen: 5_000_000 }],
      projectsRemoved: [],
      projectsChanged: [],
    });
    expect(JSON.parse(JSON.stringify(diff))).toEqual(diff);
  });

  it('is the same diff, keyed by names, between the published tables', () => {
    const diff = diffTables(tableFor(before, 'dept-1', 2025), tableFor(after, 'dept-1', 2025));
    expect(diff.keyedBy).toBe('name');
    expect(diff.projectsAdded).toEqual([
      {
        key: '中共广州市荔湾区委组织部电教中心 / 电教中心业务工作经费',
        sheetId: null,
        unit: '中共广州市荔湾区委组织部电教中心',
        name: '电教中心业务工作经费',
        total: '5.00',
        totalFen: 5_000_000,
      },
    ]);
    expect(diff.projectsRemoved).toEqual([]);
    expect(diff.projectsChanged).toEqual([]);
    expect(diff.unitsAdded.map((u) => u.name)).toEqual(['中共广州市荔湾区委组织部电教中心']);
  });

  it('is identical for a table and itself, and for a rebuilt table', () => {
    const table = reportTableFor(after, 'dept-1', 2025);
    expect(diffTables(table, reportTableFor(projectEvents(log.events), 'dept-1', 2025)).identical).toBe(true);
    expect(diffTables(tableFor(after, 'dept-1', 2025), REFERENCE).identical).toBe(true);
  });

  it('lists fields changed with old and new values: name, funding, goal, indicators by position', () => {
    const log2 = new TestLog();
    const imported = importTable(log2, REFERENCE);
    for (const sheet of imported.sheets) log2.signOff(sheet.sheetId);
    const from = reportTableFor(projectEvents(log2.events), 'dept-1', 2025);
    const sheetId = 'sheet-1-1';
    const clerk = { id: 'clerk-unit-1', role: 'unit_clerk' as const, departmentId: 'dept-1', unitId: 'unit-1' };
    log2.sheet({ type: 'ReopenSheet', data: { sheetId, reason: '调整' } }, financeReviewer);
    log2.sheet({ type: 'RenameProject', data: { sheetId, projectName: '关爱党员专项经费（调整）' } }, clerk);
    log2.sheet({ type: 'ChangeFunding', data: { sheetId, funding: { fiscalAppropriation: 28_000_000, specialAccountAppropriation: 0, otherFunds: 1_500_000 } } }, clerk);
    log2.sheet({ type: 'ChangeGoal', data: { sheetId, goal: '新目标' } }, clerk);
    log2.sheet({ type: 'ChangeIndicator', data: { sheetId, indicatorId: `${sheetId}-ind-2`, changes: { annualTarget: '≥98%' } } }, clerk);
    log2.sheet({ type: 'RemoveIndicator', data: { sheetId, indicatorId: `${sheetId}-ind-4` } }, clerk);
    log2.signOff(sheetId);
    const to = reportTableFor(projectEvents(log2.events), 'dept-1', 2025);

    const diff = diffTables(from, to);
    expect(diff.projectsAdded).toEqual([]);
    expect(diff.projectsRemoved).toEqual([]);
    expect(diff.projectsChanged).toEqual([
      {
        key: sheetId,
        sheetId,
        unit: '中国共产党广州市荔湾区委员会组织部',
        name: '关爱党员专项经费（调整）',
        changes: [
          { field: 'name', before: '关爱党员专项经费', after: '关爱党员专项经费（调整）' },
          { field: 'total', before: '30.00', after: '29.50', beforeFen: 30_000_000, afterFen: 29_500_000 },
          { field: 'funding.fiscalAppropriation', before: '30.00', after: '28.00', beforeFen: 30_000_000, afterFen: 28_000_000 },
          { field: 'funding.otherFunds', before: '0.00', after: '1.50', beforeFen: 0, afterFen: 1_500_000 },
          { field: 'goal', before: REFERENCE.units[0]!.projects[0]!.goal, after: '新目标' },
          { field: 'indicators[1].annualTarget', before: '100%', after: '≥98%' },
          {
            field: 'indicators[3]',
            before: '2-效益指标；22-社会效益；慰问困难的党员；实施周期指标值：困难党员 生活改善；年度指标值：有所改善',
            after: null,
          },
        ],
      },
    ]);
    expect(diff.unitsChanged).toEqual([
      {
        key: 'unit-1',
        unitId: 'unit-1',
        name: '中国共产党广州市荔湾区委员会组织部',
        changes: [
          { field: 'total', before: '287.20', after: '286.70', beforeFen: 287_200_000, afterFen: 286_700_000 },
          { field: 'funding.fiscalAppropriation', before: '287.20', after: '285.20', beforeFen: 287_200_000, afterFen: 285_200_000 },
          { field: 'funding.otherFunds', before: '0.00', after: '1.50', beforeFen: 0, afterFen: 1_500_000 },
        ],
      },
    ]);
    expect(diff.grandTotal.map((c) => [c.field, c.before, c.after])).toEqual([
      ['total', '302.20', '301.70'],
      ['funding.fiscalAppropriation', '302.20', '300.20'],
      ['funding.otherFunds', '0.00', '1.50'],
    ]);

    // Keyed by names, the rename is one project removed and one added.
    const byName = diffTables(toPublishedTable(from), toPublishedTable(to));
    expect(byName.projectsRemoved.map((p) => p.name)).toEqual(['关爱党员专项经费']);
    expect(byName.projectsAdded.map((p) => p.name)).toEqual(['关爱党员专项经费（调整）']);
  });

  it('keeps projects of the same name in one unit apart by their order', () => {
    const unit = REFERENCE.units[1]!;
    const twin = { ...unit.projects[0]!, goal: '第二个' };
    const a: PublishedTable = { ...REFERENCE, units: [{ ...unit, projects: [unit.projects[0]!, unit.projects[0]!] }] };
    const b: PublishedTable = { ...REFERENCE, units: [{ ...unit, projects: [unit.projects[0]!, twin] }] };
    const diff = diffTables(a, b);
    expect(diff.projectsChanged).toEqual([
      expect.objectContaining({ key: '广州市荔湾区党群服务中心 / 党群服务中心业务工作经费 #2', changes: [expect.objectContaining({ field: 'goal', after: '第二个' })] }),
    ]);
  });
});

describe('canonical serialisation', () => {
  const { log } = signedOffReference();
  const table = reportTableFor(projectEvents(log.events), 'dept-1', 2025);

  it('is the same for a rebuilt table, whatever its as-of position', () => {
    const rebuilt: ReportTable = { ...reportTableFor(projectEvents(log.events), 'dept-1', 2025), asOf: { globalPosition: '999', recordedAt: null } };
    expect(canonicalTable(rebuilt)).toBe(canonicalTable(table));
  });

  it('changes with any content: a goal, an amount, an id, the order', () => {
    const base = canonicalTable(table);
    const unit = table.units[0]!;
    const project = unit.projects[0]!;
    const variants: ReportTable[] = [
      { ...table, units: [{ ...unit, projects: [{ ...project, goal: `${project.goal} ` }, ...unit.projects.slice(1)] }, ...table.units.slice(1)] },
      { ...table, units: [{ ...unit, projects: [{ ...project, funding: { ...project.funding, otherFunds: 1 } }, ...unit.projects.slice(1)] }, ...table.units.slice(1)] },
      { ...table, units: [{ ...unit, projects: [{ ...project, sheetId: 'x' }, ...unit.projects.slice(1)] }, ...table.units.slice(1)] },
      { ...table, units: [{ ...unit, projects: [...unit.projects].reverse() }, ...table.units.slice(1)] },
      { ...table, fiscalYear: 2026 },
    ];
    for (const v of variants) expect(canonicalTable(v)).not.toBe(base);
  });

  it('tells a published table from a report table, and ignores source lines', () => {
    const published = tableFor(projectEvents(log.events), 'dept-1', 2025);
    expect(canonicalTable(published)).not.toBe(canonicalTable(table));
    expect(canonicalTable(published)).toBe(canonicalTable(REFERENCE));
  });
});
