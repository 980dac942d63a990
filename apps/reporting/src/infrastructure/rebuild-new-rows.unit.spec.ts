import { type RegisteredDepartment, type ReviewActivity } from '@budget/domain';
import { newRowsCopies } from './rebuild-new-rows';

/** What PostgreSQL reads from a field of COPY's text format. */
function unescape(field: string): string | null {
  if (field === '\\N') return null;
  return field.replace(/\\(.)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r' })[c] ?? c);
}

function sent(rows: Parameters<typeof newRowsCopies>[1]): Map<string, { columns: string; lines: (string | null)[][] }> {
  const copies = new Map<string, { columns: string; lines: (string | null)[][] }>();
  for (const { table, columns, text: bytes } of newRowsCopies(7, rows)) {
    const text = bytes.toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    copies.set(table, { columns, lines: text.slice(0, -1).split('\n').map((line) => line.split('\t').map(unescape)) });
  }
  return copies;
}

describe('newRowsCopies', () => {
  it('given rows whose text holds backslashes, tabs, newlines, quotes and Chinese, when written, then COPY reads back every field and JSON document as it was', () => {
    const department = { departmentId: 'd1', name: '区委\t组织部\\"新"', units: [{ unitId: 'u1', name: '行\n政\r科' }] } as unknown as RegisteredDepartment;
    const activity = { sheetId: 's1', comments: ['路径 C:\\预算\\2025', '第一行\n第二行', ''] } as unknown as ReviewActivity;
    const copies = sent({
      heads: new Map([['sheet-s1', { streamId: 'sheet-s1', streamVersion: 3, eventId: 'e3', hash: null, globalPosition: '42' }]]),
      sheets: new Map(),
      departments: new Map([['d1', department]]),
      activities: new Map([['s1', activity]]),
    });
    expect([...copies.keys()]).toEqual(['stream_heads', 'report_departments', 'review_activity']);
    expect(copies.get('stream_heads')!.lines).toEqual([['7', 'sheet-s1', '3', 'e3', null, '42']]);
    const [d] = copies.get('report_departments')!.lines;
    expect(d!.slice(0, 3)).toEqual(['7', 'd1', '区委\t组织部\\"新"']);
    expect(JSON.parse(d![3]!)).toEqual(department);
    const [a] = copies.get('review_activity')!.lines;
    expect(JSON.parse(a![2]!)).toEqual(activity);
  });

  it('given nothing new, when written, then sends no COPY', () => {
    expect(sent({ heads: new Map(), sheets: new Map(), departments: new Map(), activities: new Map() }).size).toBe(0);
  });
});
