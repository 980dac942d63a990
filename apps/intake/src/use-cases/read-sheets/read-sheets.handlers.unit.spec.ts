import type { SheetReadModel, StoredSheet } from '../../infrastructure/sheet-read-model';
import { sheetView } from '../../sheets/sheet-view';
import { admin, clerk, DEPT, deptReviewer, financeReviewer, given, NOW, otherDeptReviewer, otherDeskFinance, otherUnitClerk, SHEET, UNIT } from '../../testing/intake-scenario';
import { GetSheetEventsHandler, GetSheetHandler, ListSheetsHandler, scopedFilter } from './read-sheets.handlers';
import { GetSheetEventsQuery, GetSheetQuery, ListSheetsQuery } from './read-sheets.queries';

const page = { limit: 100, offset: 0 };

describe('read-sheets: the caller’s scope narrows every list', () => {
  it.each([
    ['a clerk: their unit', clerk, {}, { unitId: UNIT }],
    ['a department reviewer: their department', deptReviewer, { status: 'draft' }, { departmentIds: [DEPT], status: 'draft' }],
    ['finance without a desk: everything asked for', financeReviewer, { fiscalYear: 2025 }, { fiscalYear: 2025 }],
    ['a finance desk: its departments', otherDeskFinance, {}, { departmentIds: ['dept-other'] }],
    ['a finance desk asking for one of them', otherDeskFinance, { departmentId: 'dept-other' }, { departmentIds: ['dept-other'] }],
    ['the admin asking for a unit', admin, { unitId: UNIT }, { unitId: UNIT }],
  ])('%s', (_, actor, filter, expected) => {
    expect(scopedFilter(actor, { ...filter, ...page })).toEqual(expected);
  });

  it.each([
    ['a clerk asking for another unit', clerk, { unitId: 'unit-other' }],
    ['a department reviewer asking for another department', deptReviewer, { departmentId: 'dept-other' }],
    ['a finance desk asking for a department outside it', otherDeskFinance, { departmentId: DEPT }],
    ['a clerk without a unit', { ...clerk, unitId: undefined }, {}],
  ])('finds nothing for %s', async (_, actor, filter) => {
    expect(scopedFilter(actor, { ...filter, ...page })).toBeNull();
    const list = jest.fn();
    const result = await new ListSheetsHandler({ list } as unknown as SheetReadModel).execute(new ListSheetsQuery(actor, { ...filter, ...page }));
    expect(result).toEqual({ items: [], total: 0, ...page });
    expect(list).not.toHaveBeenCalled();
  });
});

describe('read-sheets: one sheet and its events', () => {
  async function givenDraftRead() {
    const scenario = await given('draft');
    const { state, version } = await scenario.sheets.load(SHEET);
    if (state.status === 'empty') throw new Error('the draft exists');
    const stored: StoredSheet = { departmentId: DEPT, unitId: UNIT, view: sheetView(state, version, NOW) };
    const readModel = { find: (id: string) => Promise.resolve(id === SHEET ? stored : null) } as unknown as SheetReadModel;
    return { scenario, readModel, stored };
  }

  it('shows the sheet within scope; refuses outside it; an unknown id is not found', async () => {
    const { readModel, stored } = await givenDraftRead();
    const handler = new GetSheetHandler(readModel);
    expect(await handler.execute(new GetSheetQuery(deptReviewer, SHEET))).toBe(stored.view);
    for (const actor of [otherUnitClerk, otherDeptReviewer, otherDeskFinance]) {
      await expect(handler.execute(new GetSheetQuery(actor, SHEET))).rejects.toMatchObject({ code: 'FORBIDDEN', message: '您无权查看该绩效目标表' });
    }
    await expect(handler.execute(new GetSheetQuery(admin, 'no-such-sheet'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: '绩效目标表不存在' });
  });

  it('lists the stream as stored, with hashes, to those who may read the sheet', async () => {
    const { scenario, readModel } = await givenDraftRead();
    const handler = new GetSheetEventsHandler(readModel, scenario.sheets);
    const { events } = await handler.execute(new GetSheetEventsQuery(clerk, SHEET));
    expect(events.map((e) => [e.type, e.streamVersion])).toEqual([['DraftCreated', 1]]);
    expect(events[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    await expect(handler.execute(new GetSheetEventsQuery(otherUnitClerk, SHEET))).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
