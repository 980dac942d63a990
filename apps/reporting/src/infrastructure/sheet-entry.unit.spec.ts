import { type ReportSheet } from '@budget/domain';
import { SAME_AS_CONTENT, type SheetEntry, sheetEntry, sheetOfEntry } from './sheet-entry';

const content = { departmentId: 'd1', fiscalYear: 2026, unitId: 'u1', projectName: '党员教育培训', indicators: [{ indicatorId: 'i1', name: '培训人次', target: '≥1200人次' }] };

function sheet(state: Record<string, unknown>): ReportSheet {
  const ref = { position: '7', coordinates: 'targets/0/6' };
  return { sheetId: 's1', streamId: 'sheet-s1', state, created: ref, lastChange: ref, approval: null, lastReviewId: null, reopened: false } as unknown as ReportSheet;
}

/** What the database gives back: the entry through JSON, as jsonb holds it. */
function stored(entry: SheetEntry): SheetEntry {
  return JSON.parse(JSON.stringify(entry)) as SheetEntry;
}

describe('report_sheets entries', () => {
  it('given a submitted sheet, whose last submitted content is its content, when stored and read back, then the content is written once and both are the same object again', () => {
    const submitted = sheet({ status: 'approved', content, submissionNo: 1, lastSubmitted: content, createdBy: 'c1', lastEditedBy: 'c1', source: null });
    const entry = stored(sheetEntry(submitted));
    expect(entry.state.lastSubmitted).toBe(SAME_AS_CONTENT);
    expect(JSON.stringify(entry).split('党员教育培训')).toHaveLength(2);
    const back = sheetOfEntry(entry);
    expect(back).toEqual(submitted);
    expect(back.state.lastSubmitted).toBe(back.state.content);
  });

  it('given a draft never submitted, or a sheet edited since its submission, when stored and read back, then it is the sheet as it was', () => {
    const draft = sheet({ status: 'draft', content, submissionNo: 0, lastSubmitted: null, createdBy: 'c1', lastEditedBy: 'c1', source: null });
    const edited = sheet({ status: 'revision_requested', content: { ...content, projectName: '党员教育培训（修订）' }, submissionNo: 1, lastSubmitted: content });
    for (const s of [draft, edited]) {
      expect(sheetEntry(s)).toBe(s);
      expect(sheetOfEntry(stored(sheetEntry(s)))).toEqual(s);
    }
  });

  it('given a row written before the shorter form, with the last submitted content in full, when read, then it is the sheet it holds', () => {
    const old = stored(sheet({ status: 'approved', content, submissionNo: 1, lastSubmitted: content }));
    expect(sheetOfEntry(old)).toEqual(old);
  });
});
