import { departmentStreamId, type RecordedEvent, sheetStreamId, streamKind } from '@budget/domain';

export { streamKind } from '@budget/domain';

const SHEET_PREFIX = sheetStreamId('');
const DEPARTMENT_PREFIX = departmentStreamId('');

/** The sheet of a sheet stream, the department of a department stream; null for other streams. */
export function entityIdOf(streamId: string): { readonly kind: 'sheet' | 'department'; readonly id: string } | null {
  switch (streamKind(streamId)) {
    case 'sheet':
      return { kind: 'sheet', id: streamId.slice(SHEET_PREFIX.length) };
    case 'department':
      return { kind: 'department', id: streamId.slice(DEPARTMENT_PREFIX.length) };
    case 'other':
      return null;
  }
}

/**
 * The sheet stream an event is about: its own stream for sheet events, the sheet a review event
 * names (`data.sheetId`) for others; the stream itself when it names none.
 */
export function subjectOf(event: Pick<RecordedEvent, 'streamId' | 'data'>): string {
  if (streamKind(event.streamId) !== 'other') return event.streamId;
  const data: unknown = event.data;
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const sheetId = (data as Record<string, unknown>)['sheetId'];
    if (typeof sheetId === 'string' && sheetId !== '') return sheetStreamId(sheetId);
  }
  return event.streamId;
}
