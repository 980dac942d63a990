import { DEPARTMENT_EVENT_SCHEMA_VERSIONS } from '../organisation/organisation.upcasters';
import { type ReviewEvent } from '../review/review.types';
import { REVIEW_EVENT_SCHEMA_VERSIONS } from '../review/review.upcasters';
import { SHEET_EVENT_SCHEMA_VERSIONS } from '../sheet/sheet.upcasters';
import { type EventPlace, handledBy, type Projected, readModelVersions, reportDepartments, reportSheets, reviewActivity, staleReadModels, streamHeads } from './index';

const at: EventPlace = {
  streamId: 'review-r1',
  streamVersion: 3,
  ref: { eventId: 'e3', globalPosition: '42', recordedAt: '2025-03-01T08:00:00.000Z' },
  hash: null,
  coordinates: { eventId: 'e3', type: null, schemaVersion: 1, streamId: 'review-r1', streamVersion: 3, globalPosition: '42' },
};
const ref = { reviewId: 'r1', sheetId: 's1', submissionNo: 1, round: 1, fiscalYear: 2025, departmentId: 'd', unitId: 'u', projectName: 'p' };
const projected = <E extends ReviewEvent>(event: E): Projected<E> => ({ ...event, at });

describe('review_activity: where a sheet’s review stands, from typed review events', () => {
  it('given a task opened at the department level, when evolved, then the row names that level as the review service does', () => {
    const row = reviewActivity.evolve(
      null,
      projected({ type: 'LevelTaskOpened', data: { ...ref, level: 'department', role: 'department_reviewer', mayWaive: true, openedAt: at.ref.recordedAt, dueAt: at.ref.recordedAt } }),
    );
    expect(row).toEqual({ sheetId: 's1', reviewId: 'r1', level: 'department', levelLabel: '主管部门', role: 'department_reviewer', eventType: 'LevelTaskOpened', at: at.ref, actingFor: null, dueAt: at.ref.recordedAt });
  });

  it('given a revision the service requested by itself (no level), when evolved, then the row stays as it was', () => {
    const previous = reviewActivity.evolve(null, projected({ type: 'LevelApproved', data: { ...ref, level: 'unit_head', by: 'h', at: at.ref.recordedAt, comments: null } }));
    const event = projected({ type: 'ReviewRevisionRequested', data: { ...ref, level: null, automatic: true, grade: null, reasons: [], by: 'system', at: at.ref.recordedAt } });
    expect(reviewActivity.evolve(previous, event)).toBe(previous);
    expect(previous).toMatchObject({ level: 'unit_head', levelLabel: '单位负责人', role: 'unit_head' });
  });

  it('given a step a delegate took for a reviewer (代理审批), when evolved, then the row says for whom', () => {
    const actingFor = { delegatorId: 'dept-1', delegationId: 'dlg-1' };
    const row = reviewActivity.evolve(null, projected({ type: 'LevelApproved', data: { ...ref, level: 'department', by: 'dept-2', at: at.ref.recordedAt, comments: null, actingFor } }));
    expect(row).toMatchObject({ level: 'department', eventType: 'LevelApproved', actingFor });
  });

  it('keys a row by the sheet the review is about', () => {
    expect(reviewActivity.keyOf(projected({ type: 'LevelApproved', data: { ...ref, level: 'finance', by: 'f', at: at.ref.recordedAt, comments: null } }))).toBe('s1');
  });
});

describe('handles: the events a read model sees', () => {
  const ofType = (type: string): Projected<{ type: string; data: unknown }> => ({ type, data: {}, at });

  it('given any event of a sheet or a department, when asked, then the read model of its aggregate sees it', () => {
    for (const type of Object.keys(SHEET_EVENT_SCHEMA_VERSIONS)) expect([type, handledBy(reportSheets, ofType(type))]).toEqual([type, true]);
    for (const type of Object.keys(DEPARTMENT_EVENT_SCHEMA_VERSIONS)) expect([type, handledBy(reportDepartments, ofType(type))]).toEqual([type, true]);
    expect(handledBy(reportSheets, ofType('DepartmentRegistered'))).toBe(false);
  });

  it('given review events, when asked, then review_activity sees those that name a level of the chain and no other', () => {
    const seen = Object.keys(REVIEW_EVENT_SCHEMA_VERSIONS).filter((type) => handledBy(reviewActivity, ofType(type)));
    expect(seen).toEqual(['LevelTaskOpened', 'WarningsAcknowledged', 'WaiverDecided', 'LevelApproved', 'ReviewRevisionRequested', 'ReviewApproved', 'ReviewRejected']);
  });

  it('given an event of any type, even one no aggregate knows, when asked, then stream_heads sees it', () => {
    for (const type of ['SheetApproved', 'FindingsRecorded', 'SomethingElse']) expect(handledBy(streamHeads, ofType(type))).toBe(true);
  });
});

describe('read model versions', () => {
  it('names the read models whose stored version is not the code’s, a missing one included', () => {
    const code = readModelVersions();
    expect(staleReadModels(code)).toEqual([]);
    expect(staleReadModels({ ...code, review_activity: 1 })).toEqual(['review_activity']);
    expect(staleReadModels({})).toEqual(['stream_heads', 'report_sheets', 'report_departments', 'review_activity']);
  });
});
