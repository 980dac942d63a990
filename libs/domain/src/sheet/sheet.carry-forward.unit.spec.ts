import { type Actor } from '../events/envelope';
import { foldSheet } from './sheet.decider';
import { upcastSheetEvent, SHEET_EVENT_SCHEMA_VERSIONS } from './sheet.upcasters';
import { type CarryForwardSheet, type SheetEvent, type SheetState } from './sheet.types';
import { CONTENT, clerk, deptReviewer, financeReviewer, given, HISTORIES, meta, otherUnitClerk, SHEET_ID, unitHead } from './testing/sheet-fixtures';

const NEXT_ID = 'sheet-2026-gadm';
const APPROVED_2025: SheetState = foldSheet(HISTORIES.approved);

function carry(origin: SheetState = APPROVED_2025, actor: Actor = clerk, sheetId = NEXT_ID): CarryForwardSheet {
  return { type: 'CarryForwardSheet', data: { sheetId, origin }, metadata: meta(actor) };
}

const carried: SheetEvent = {
  type: 'DraftCreated',
  data: {
    ...CONTENT,
    sheetId: NEXT_ID,
    fiscalYear: CONTENT.fiscalYear + 1,
    source: null,
    createdBy: clerk.id,
    origin: { sheetId: SHEET_ID, fiscalYear: CONTENT.fiscalYear, submissionNo: 1, reviewId: 'review-1' },
  },
};

describe('carrying a continuing project into the next fiscal year (持续性项目)', () => {
  it('given this year\'s approved sheet, when the unit\'s clerk carries it forward, then next year\'s draft has its content and the link to its origin', () => {
    given([]).when(carry()).then([carried]);
  });

  it('given the carried draft, then it is an ordinary draft the clerk edits, with its origin kept in the state', () => {
    given([])
      .when(carry())
      .thenState((state) => {
        expect(state).toMatchObject({ status: 'draft', content: { sheetId: NEXT_ID, fiscalYear: 2026, projectName: CONTENT.projectName }, submissionNo: 0 });
        expect(state.status !== 'empty' && state.origin).toEqual({ sheetId: SHEET_ID, fiscalYear: 2025, submissionNo: 1, reviewId: 'review-1' });
        expect(state.status !== 'empty' && state.content).not.toHaveProperty('origin');
      });
    given([carried])
      .when({ type: 'ChangeGoal', data: { sheetId: NEXT_ID, goal: '2026年度继续开展党员教育培训' }, metadata: meta(clerk) })
      .thenState((state) => expect(state.status === 'draft' && state.content.goal).toBe('2026年度继续开展党员教育培训'));
  });

  it('lets the department carry its units\' projects forward, one command per project', () => {
    given([]).when(carry(APPROVED_2025, deptReviewer)).thenState((_s, events) => expect(events[0]?.data).toMatchObject({ createdBy: deptReviewer.id }));
  });

  it('refuses an origin that is not approved, does not exist, or belongs to another unit, and the origin\'s own id', () => {
    for (const name of ['draft', 'under_review', 'revision_requested', 'rejected', 'reopened'] as const) {
      given([]).when(carry(foldSheet(HISTORIES[name]))).thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toBe('只有已批复的绩效目标表可以结转到下一年度'));
    }
    given([]).when(carry({ status: 'empty' })).thenThrows('NOT_FOUND');
    given([]).when(carry(APPROVED_2025, otherUnitClerk)).thenThrows('FORBIDDEN');
    given([]).when(carry(APPROVED_2025, unitHead)).thenThrows('FORBIDDEN');
    given([]).when(carry(APPROVED_2025, financeReviewer)).thenThrows('FORBIDDEN');
    given([]).when(carry(APPROVED_2025, clerk, SHEET_ID)).thenThrows('VALIDATION_FAILED');
  });

  it('refuses carrying onto a stream that already has a sheet (a second carry of the same project with the same new id)', () => {
    given([carried]).when(carry()).thenThrows('ALREADY_EXISTS');
  });

  it('reads a carried DraftCreated back with its origin, and an ordinary one without the key (JSON round trip)', () => {
    const stored = (event: SheetEvent) => ({ type: event.type, schemaVersion: SHEET_EVENT_SCHEMA_VERSIONS[event.type], data: JSON.parse(JSON.stringify(event.data)) as unknown });
    expect(upcastSheetEvent(stored(carried))).toEqual(carried);
    expect(upcastSheetEvent(stored(HISTORIES.draft[0])).data).not.toHaveProperty('origin');
  });
});
