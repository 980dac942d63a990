import { useParams } from 'react-router';
import { QueryState } from '../../shared/states';
import { EDITABLE_STATUSES, useSheet } from './fill-api';
import { ReadOnlySheet } from './ReadOnlySheet';
import { SheetEditor } from './SheetEditor';

/** /sheets/:sheetId: the editor while the sheet may be edited, the read-only view otherwise. */
export function SheetEditorPage() {
  const { sheetId = '' } = useParams();
  const query = useSheet(sheetId);
  if (!query.data) return <QueryState query={query} />;
  const sheet = query.data;
  if (EDITABLE_STATUSES.includes(sheet.status)) return <SheetEditor key={`${sheet.sheetId}:${sheet.status}`} initial={sheet} />;
  return <ReadOnlySheet sheet={sheet} />;
}
