import { type ReportSheet } from '@budget/domain';

/**
 * What report_sheets.entry holds in place of the last submitted content when it is the current
 * content: from a submission to the next edit (review, approval, a reopened sheet not yet edited)
 * the sheet's state carries the same content twice, `content` and `lastSubmitted` being one object
 * (evolveSheet). Written once, the row is half as long: less to serialise, send, parse into jsonb and
 * compress, in the rebuild's copy as in the live projection.
 */
export const SAME_AS_CONTENT = 'same-as-content';

/** A sheet as report_sheets.entry holds it: ReportSheet, its state's lastSubmitted possibly SAME_AS_CONTENT. */
export type SheetEntry = Omit<ReportSheet, 'state'> & { readonly state: Omit<ReportSheet['state'], 'lastSubmitted'> & { readonly lastSubmitted: unknown } };

/** The entry to store for `sheet`: the sheet itself unless its last submitted content is its content. */
export function sheetEntry(sheet: ReportSheet): SheetEntry {
  const { state } = sheet;
  if (state.lastSubmitted !== state.content) return sheet;
  return { ...sheet, state: { ...state, lastSubmitted: SAME_AS_CONTENT } };
}

/** The sheet a stored entry holds (rows written before SAME_AS_CONTENT hold the sheet as it is). */
export function sheetOfEntry(entry: SheetEntry): ReportSheet {
  const { state } = entry;
  if (state.lastSubmitted !== SAME_AS_CONTENT) return entry as ReportSheet;
  return { ...entry, state: { ...state, lastSubmitted: state.content } } as ReportSheet;
}
