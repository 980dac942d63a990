import { copyBytes, copyField } from './copy-text';
import { type ChangedRows } from './projection-rows.repository';
import { sheetEntry } from './sheet-entry';

/** A JSON document as a COPY field. JSON.stringify leaves no tab, newline or carriage return unescaped: only its backslashes are doubled. */
class JsonField {
  readonly text: string;

  constructor(value: unknown) {
    const json = JSON.stringify(value);
    this.text = json.includes('\\') ? json.replaceAll('\\', '\\\\') : json;
  }
}

function json(value: unknown): JsonField {
  return new JsonField(value);
}

/** Lines of COPY's text format, as bytes (copyBytes); a JSON document's text is taken as it is, without a scan for the characters copyField escapes. */
function lines(rows: readonly (readonly (string | number | JsonField | null)[])[]): Buffer {
  const pieces: string[] = [];
  for (const row of rows) {
    let text = '';
    for (const [i, v] of row.entries()) {
      if (i > 0) text += '\t';
      if (v instanceof JsonField) {
        pieces.push(text, v.text);
        text = '';
      } else text += v === null ? '\\N' : copyField(String(v));
    }
    pieces.push(`${text}\n`);
  }
  return copyBytes(pieces);
}

/** A COPY FROM STDIN to send: its table, columns and text. */
export interface NewRowsCopy {
  readonly table: string;
  readonly columns: string;
  readonly text: Buffer;
}

/**
 * The rows of read models that do not exist yet (a rebuild's new keys), as COPY FROM STDIN texts,
 * one per read model that has any: no JSON document around them to parse, no conflict to check.
 */
export function newRowsCopies(generation: number, rows: ChangedRows): NewRowsCopy[] {
  const copies: NewRowsCopy[] = [];
  const add = (table: string, columns: string, text: Buffer): void => {
    copies.push({ table, columns, text });
  };
  if (rows.heads.size > 0) {
    add(
      'stream_heads',
      'generation, stream_id, stream_version, event_id, hash, position',
      lines([...rows.heads.values()].map((h) => [generation, h.streamId, h.streamVersion, h.eventId, h.hash, h.globalPosition])),
    );
  }
  if (rows.sheets.size > 0) {
    add(
      'report_sheets',
      'generation, sheet_id, stream_id, department_id, fiscal_year, unit_id, status, created_source_position, entry',
      lines(
        [...rows.sheets.values()].map(({ sheet, created }) => [
          generation,
          sheet.sheetId,
          sheet.streamId,
          sheet.state.content.departmentId,
          sheet.state.content.fiscalYear,
          sheet.state.content.unitId,
          sheet.state.status,
          created,
          json(sheetEntry(sheet)),
        ]),
      ),
    );
  }
  if (rows.departments.size > 0) {
    add('report_departments', 'generation, department_id, name, entry', lines([...rows.departments.values()].map((d) => [generation, d.departmentId, d.name, json(d)])));
  }
  if (rows.activities.size > 0) {
    add('review_activity', 'generation, sheet_id, entry', lines([...rows.activities.values()].map((a) => [generation, a.sheetId, json(a)])));
  }
  return copies;
}
