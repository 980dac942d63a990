import { type Actor } from '../events/envelope';
import { type ReportProject, type ReportTable, type StreamHead } from '../report/report.types';
import { DEPT, deptReviewer, financeReviewer, unitHead } from '../sheet/testing/sheet-fixtures';
import { deciderSpec } from '../testing/given-when-then';
import { approvedProject } from './testing/publication-fixtures';
import {
  diffPublished,
  evolvePublication,
  initialPublicationState,
  publicationDecider,
  publicationList,
  publishedVersion,
  sheetPublications,
  upcastPublicationEvent,
} from './publication.decider';
import { type PublicationCommand, type PublicationEvent, type PublishableSheet, type PublishTable, type TablePublished } from './publication.types';

const given = deciderSpec(publicationDecider);
const YEAR = 2026;
const NOW = '2026-03-20T02:00:00.000Z';
const SUM_1 = 'a'.repeat(64);
const SUM_2 = 'b'.repeat(64);
const HEADS: StreamHead[] = [{ streamId: 'sheet-s1', streamVersion: 9, eventId: 'e9', hash: 'h9', globalPosition: '120' }];

const project = (sheetId: string, unitId: string, name: string, fiscalAppropriation: number): ReportProject => approvedProject(sheetId, unitId, name, fiscalAppropriation, NOW);

function table(projects: readonly ReportProject[]): ReportTable {
  const units = [...new Set(projects.map((p) => p.unitId))].map((unitId) => {
    const own = projects.filter((p) => p.unitId === unitId);
    const fiscal = own.reduce((sum, p) => sum + p.funding.fiscalAppropriation, 0);
    return { unitId, name: unitId === 'u1' ? '区委组织部' : '区党员教育中心', listed: true, funding: { fiscalAppropriation: fiscal, specialAccountAppropriation: 0, otherFunds: 0 }, total: fiscal, projects: own };
  });
  const grand = units.reduce((sum, u) => sum + u.total, 0);
  return {
    title: '项目支出绩效目标表（含转移支付项目）',
    departmentId: DEPT,
    departmentName: '中国共产党广州市荔湾区委员会组织部',
    fiscalYear: YEAR,
    displayUnit: '万元',
    asOf: { globalPosition: '120', recordedAt: NOW },
    grandTotal: { funding: { fiscalAppropriation: grand, specialAccountAppropriation: 0, otherFunds: 0 }, total: grand },
    units,
  };
}

const P1 = project('s1', 'u1', '党员教育培训', 300_000_00);
const P2 = project('s2', 'u2', '党建指导员', 61_300_00);
const sheet = (sheetId: string, status: PublishableSheet['status'], projectName: string, unitId = 'u1', submissionNo = 1): PublishableSheet => ({
  sheetId,
  unitId,
  projectName,
  status,
  submissionNo,
  reviewId: status === 'approved' || status === 'rejected' ? `${sheetId}-${submissionNo}` : null,
});
const SHEETS = [sheet('s1', 'approved', P1.name), sheet('s2', 'approved', P2.name, 'u2')];

function publish(data: Partial<PublishTable['data']> = {}, actor: Actor = deptReviewer, now = NOW): PublicationCommand {
  return {
    type: 'PublishTable',
    data: { departmentId: DEPT, fiscalYear: YEAR, table: table([P1, P2]), sheets: SHEETS, exclusions: [], checksum: SUM_1, chainHeads: HEADS, position: { globalPosition: '120', recordedAt: NOW }, ...data },
    metadata: { now, actor, correlationId: 'c' },
  };
}
function reopen(sheetId = 's1', reason = '资金调整，需更正年度指标', actor: Actor = financeReviewer): PublicationCommand {
  return { type: 'ReopenAfterPublication', data: { departmentId: DEPT, fiscalYear: YEAR, sheetId, reason }, metadata: { now: '2026-04-01T02:00:00.000Z', actor, correlationId: 'c' } };
}

function run(commands: readonly PublicationCommand[]): PublicationEvent[] {
  const events: PublicationEvent[] = [];
  let state = initialPublicationState();
  for (const command of commands) {
    const produced = publicationDecider.decide(command, state);
    state = produced.reduce(evolvePublication, state);
    events.push(...produced);
  }
  return events;
}

const V1 = run([publish()]);
const P1_CORRECTED = { ...P1, funding: { ...P1.funding, fiscalAppropriation: 280_000_00 }, total: 280_000_00 };
const V2_COMMAND = publish({
  table: table([P1_CORRECTED, P2]),
  sheets: [sheet('s1', 'approved', P1.name, 'u1', 2), SHEETS[1]!],
  checksum: SUM_2,
  position: { globalPosition: '180', recordedAt: '2026-04-10T02:00:00.000Z' },
  reason: '党员教育培训项目资金调减',
});
const V2 = run([publish(), reopen(), V2_COMMAND]);

describe('publication of a department\'s table (decider)', () => {
  describe('publishing version 1', () => {
    it('given every sheet approved, when the department reviewer publishes, then version 1 is sealed with checksum, chain heads and position', () => {
      given([])
        .when(publish())
        .then([
          {
            type: 'TablePublished',
            data: {
              departmentId: DEPT,
              fiscalYear: YEAR,
              version: 1,
              kind: 'published',
              table: table([P1, P2]),
              checksum: SUM_1,
              canonicalVersion: 'report-table/v1',
              chainHeads: HEADS,
              position: { globalPosition: '120', recordedAt: NOW },
              contains: [
                { sheetId: 's1', submissionNo: 1, reviewId: 's1-1' },
                { sheetId: 's2', submissionNo: 1, reviewId: 's2-1' },
              ],
              excluded: [],
              rejected: [],
              diff: null,
              reason: null,
              by: deptReviewer.id,
              at: NOW,
            },
          },
        ]);
    });

    it('given a sheet still under review, when it is not listed, then publishing is refused naming it', () => {
      given([])
        .when(publish({ sheets: [...SHEETS, sheet('s3', 'under_review', '档案整理')] }))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'exclusions', message: '“档案整理”尚未批复，须列入不公开名单并说明理由' }]));
    });

    it('given a sheet still in draft, when it is listed with a reason, then it is published without it and the exclusion is sealed', () => {
      given([])
        .when(publish({ sheets: [...SHEETS, sheet('s3', 'draft', '档案整理', 'u2')], exclusions: [{ sheetId: 's3', reason: ' 项目暂缓实施 ' }] }))
        .thenState((_s, events) =>
          expect(events[0]?.data).toMatchObject({ excluded: [{ sheetId: 's3', unitId: 'u2', projectName: '档案整理', status: 'draft', reason: '项目暂缓实施' }] }),
        );
    });

    it('given a rejected sheet (差), then it needs no exclusion and is accounted for as rejected', () => {
      given([])
        .when(publish({ sheets: [...SHEETS, sheet('s4', 'rejected', '会议经费')] }))
        .thenState((_s, events) => expect(events[0]?.data).toMatchObject({ rejected: [{ sheetId: 's4', submissionNo: 1, reviewId: 's4-1' }], excluded: [] }));
    });

    it('refuses an exclusion without a reason, of an approved sheet, or of a sheet not of this year', () => {
      given([]).when(publish({ sheets: [...SHEETS, sheet('s3', 'draft', '档案整理')], exclusions: [{ sheetId: 's3', reason: '' }] })).thenThrows('VALIDATION_FAILED');
      given([]).when(publish({ exclusions: [{ sheetId: 's1', reason: '不公开' }] })).thenThrows('VALIDATION_FAILED', (e) => expect(JSON.stringify(e.details)).toContain('已批复，不能列入不公开名单'));
      given([]).when(publish({ exclusions: [{ sheetId: 's9', reason: '不公开' }] })).thenThrows('VALIDATION_FAILED');
    });

    it('refuses a table that does not match the approved sheets, a foreign table, no approved sheet and a malformed checksum', () => {
      given([]).when(publish({ table: table([P1]) })).thenThrows('ILLEGAL_STATE', (e) => expect(e.details).toMatchObject({ missing: ['s2'] }));
      given([]).when(publish({ table: { ...table([P1, P2]), fiscalYear: 2025 } })).thenThrows('ILLEGAL_STATE');
      given([]).when(publish({ table: table([]), sheets: [sheet('s3', 'draft', '档案整理')], exclusions: [{ sheetId: 's3', reason: '暂缓' }] })).thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toBe('没有已批复的绩效目标表，不能公开'));
      given([]).when(publish({ checksum: 'xyz' })).thenThrows('VALIDATION_FAILED');
    });

    it('lets only a department reviewer of the department publish', () => {
      given([]).when(publish({}, { ...deptReviewer, departmentId: 'dept-other' })).thenThrows('FORBIDDEN');
      given([]).when(publish({}, financeReviewer)).thenThrows('FORBIDDEN');
      given([]).when(publish({}, unitHead)).thenThrows('FORBIDDEN');
    });
  });

  describe('reopening after publication', () => {
    it('given version 1, when finance reopens a sheet with a reason, then it is recorded against version 1', () => {
      given(V1)
        .when(reopen())
        .then([
          {
            type: 'PublishedSheetReopened',
            data: { departmentId: DEPT, fiscalYear: YEAR, sheetId: 's1', projectName: P1.name, publishedVersion: 1, reason: '资金调整，需更正年度指标', by: financeReviewer.id, at: '2026-04-01T02:00:00.000Z' },
          },
        ]);
    });

    it('refuses anyone but finance of the desk, no reason, nothing published, a sheet not published, and a second reopen', () => {
      given(V1).when(reopen('s1', '调整', deptReviewer)).thenThrows('FORBIDDEN');
      given(V1).when(reopen('s1', '调整', { ...financeReviewer, departmentIds: ['dept-other'] })).thenThrows('FORBIDDEN');
      given(V1).when(reopen('s1', ' ')).thenThrows('VALIDATION_FAILED');
      given([]).when(reopen()).thenThrows('ILLEGAL_STATE');
      given(V1).when(reopen('s9')).thenThrows('ILLEGAL_STATE');
      given(run([publish(), reopen()])).when(reopen()).thenThrows('ILLEGAL_STATE');
    });
  });

  describe('publishing a correction', () => {
    it('given a reopened and re-approved sheet, when published again, then version 2 is a correction with the diff against version 1', () => {
      given(run([publish(), reopen()]))
        .when(V2_COMMAND)
        .thenState((state, events) => {
          const v2 = events[0] as TablePublished;
          expect(v2.data).toMatchObject({ version: 2, kind: 'correction', reason: '党员教育培训项目资金调减', contains: [{ sheetId: 's1', submissionNo: 2 }, { sheetId: 's2', submissionNo: 1 }] });
          expect(v2.data.diff?.projectsChanged).toEqual([
            expect.objectContaining({ sheetId: 's1', changes: expect.arrayContaining([expect.objectContaining({ field: 'funding.fiscalAppropriation', before: '30.00', after: '28.00', beforeFen: 300_000_00, afterFen: 280_000_00 })]) }),
          ]);
          expect(v2.data.diff?.projectsAdded).toEqual([]);
          expect(state.status === 'published' && state.reopened).toEqual([]);
        });
    });

    it('refuses a correction without a reason, with the same content, or read at an older log position', () => {
      const reopened = run([publish(), reopen()]);
      given(reopened).when({ ...V2_COMMAND, data: { ...V2_COMMAND.data, reason: '' } } as PublicationCommand).thenThrows('VALIDATION_FAILED');
      given(reopened).when(publish({ reason: '重新公开', position: { globalPosition: '180', recordedAt: NOW } })).thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toBe('内容与第1版相同，无需再次公开'));
      given(reopened).when({ ...V2_COMMAND, data: { ...V2_COMMAND.data, position: { globalPosition: '99', recordedAt: NOW } } } as PublicationCommand).thenThrows('ILLEGAL_STATE');
    });
  });

  describe('reading published versions', () => {
    const state = V2.reduce(evolvePublication, initialPublicationState());

    it('gives version 1 exactly as it was published, after version 2', () => {
      expect(publishedVersion(state, 1).table).toEqual(table([P1, P2]));
      expect(publishedVersion(state, 1).checksum).toBe(SUM_1);
      expect(() => publishedVersion(state, 3)).toThrow('没有第3版公开表');
    });

    it('lists the versions with who and when, and diffs any two of them as sealed', () => {
      expect(publicationList(state).map((v) => [v.version, v.label, v.by, v.checksum])).toEqual([
        [1, '已发布（第1版）', deptReviewer.id, SUM_1],
        [2, '更正（第2版）', deptReviewer.id, SUM_2],
      ]);
      expect(diffPublished(state, 1, 2)).toEqual(publishedVersion(state, 2).diff);
    });

    it('tells a sheet\'s history which published versions held which of its versions', () => {
      expect(sheetPublications(state, 's1')).toEqual([
        { version: 1, kind: 'published', submissionNo: 1, reviewId: 's1-1' },
        { version: 2, kind: 'correction', submissionNo: 2, reviewId: 's1-2' },
      ]);
    });

    it('reads its stored events back (JSON round trip)', () => {
      for (const event of V2) expect(upcastPublicationEvent({ type: event.type, schemaVersion: 1, data: JSON.parse(JSON.stringify(event.data)) })).toEqual(event);
    });
  });
});
