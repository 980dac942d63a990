import {
  diffTables,
  formatWanYuan,
  parsePublishedTable,
  progressFor,
  type RecordedEvent,
  ReportEventError,
  reportTableFor,
  stepEvent,
  SHEET_EVENT_SCHEMA_VERSIONS,
  type SheetEventType,
  sheetStreamId,
  toPublishedTable,
  writePublishedTable,
} from '@budget/domain';
import { tableChecksum } from '@budget/table-files';
import { arrivalOrder, EventLog, REFERENCE_TABLE, ZXRCBT_FINDINGS } from '../testing/event-log';
import { MemoryProjection } from '../testing/memory-projection';
import { foldCopied } from './copied-events';
import { subjectOf } from './stream-step';
import { orderProgress, orderTable, restrictToUnit } from './table-order';

/** The moment progress is read at in these tests (a level's 已逾期 is judged at it). */
const NOW = '2025-03-01T00:00:00.000Z';

/** Source lines differ between a file and its re-export; everything else must not. */
function withoutLines(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'line' ? undefined : v)));
}

function referenceWorkflow(): { log: EventLog; departmentId: string; sheets: { sheetId: string; name: string; unitId: string }[] } {
  const log = new EventLog();
  const imported = log.importTable(REFERENCE_TABLE);
  for (const s of imported.sheets) log.signOff(s.sheetId, s.name === 'ZXRCBT' ? { blocking: ZXRCBT_FINDINGS } : {});
  return { log, departmentId: imported.departmentId, sheets: [...imported.sheets] };
}

function project(events: Iterable<RecordedEvent>): MemoryProjection {
  const projection = new MemoryProjection();
  for (const e of events) projection.append(e);
  return projection;
}

describe('the projection kept one row per stream', () => {
  const { log, departmentId } = referenceWorkflow();
  // Both topics, three partitions each, read partition after partition: streams stay in order, sheets do not.
  const arrived = arrivalOrder(log.logged).map((l) => l.event);
  const projection = project(arrived);

  it('copies every event, refusing none', () => {
    expect(projection.refused).toEqual([]);
    expect(projection.copy).toHaveLength(log.logged.length);
    expect(projection.copy.map((c) => c.position)).toEqual(log.logged.map((_, i) => String(i + 1)));
  });

  it('writes, after import and sign-off of every sheet, a table that parses exactly like the reference', () => {
    const { model, creation } = projection.model();
    const table = orderTable(reportTableFor(model, departmentId, 2026), creation);
    const text = writePublishedTable(toPublishedTable(table));
    expect(text).toBe(writePublishedTable(REFERENCE_TABLE));
    const parsed = parsePublishedTable(text);
    expect(parsed.issues).toEqual([]);
    expect(withoutLines(parsed.table)).toEqual(withoutLines(REFERENCE_TABLE));
    expect(formatWanYuan(table.grandTotal.total)).toBe('302.20');
    expect(table.units.map((u) => formatWanYuan(u.total))).toEqual(['287.20', '7.00', '3.00', '5.00']);
  });

  it('needs the producer’s creation order: the order of arrival mixes the projects of a unit', () => {
    const { model } = projection.model();
    const unordered = reportTableFor(model, departmentId, 2026);
    expect(unordered.units[0]!.projects.map((p) => p.name)).not.toEqual(REFERENCE_TABLE.units[0]!.projects.map((p) => p.name));
  });

  it('equals one fold of the whole copy: the rows hold exactly what the fold holds', () => {
    const live = projection.model();
    const folded = foldCopied(projection.copy);
    expect(folded.errors).toEqual([]);
    const liveTable = orderTable(reportTableFor(live.model, departmentId, 2026), live.creation);
    const foldedTable = orderTable(reportTableFor(folded.model, departmentId, 2026), folded.creation);
    expect(foldedTable).toEqual(liveTable);
    expect(tableChecksum(foldedTable)).toBe(tableChecksum(liveTable));
    expect(orderProgress(progressFor(folded.model, {}, NOW), folded.model, folded.creation)).toEqual(orderProgress(progressFor(live.model, {}, NOW), live.model, live.creation));
    expect([...live.model.streams.values()].sort((a, b) => a.streamId.localeCompare(b.streamId))).toEqual(
      [...folded.model.streams.values()].sort((a, b) => a.streamId.localeCompare(b.streamId)),
    );
  });

  it('gives the same table whatever the arrival order (what a rebuild compares)', () => {
    const again = project(log.events);
    const a = projection.model();
    const b = again.model();
    expect(tableChecksum(orderTable(reportTableFor(b.model, departmentId, 2026), b.creation))).toBe(
      tableChecksum(orderTable(reportTableFor(a.model, departmentId, 2026), a.creation)),
    );
  });

  it('shows every sheet approved in the progress view, in table order', () => {
    const { model, creation } = projection.model();
    const rows = orderProgress(progressFor(model, { departmentId }, NOW), model, creation);
    expect(rows.map((r) => r.projectName)).toEqual(REFERENCE_TABLE.units.flatMap((u) => u.projects.map((p) => p.name)));
    expect(rows.every((r) => r.status === 'approved' && r.waitingAt.stage === 'done')).toBe(true);
  });

  it('keeps a unit user to the rows of their unit, with the 合计 of those rows', () => {
    const { model, creation } = projection.model();
    const table = orderTable(reportTableFor(model, departmentId, 2026), creation);
    const own = restrictToUnit(table, table.units[1]!.unitId);
    expect(own.units.map((u) => u.name)).toEqual(['广州市荔湾区党群服务中心']);
    expect(formatWanYuan(own.grandTotal.total)).toBe('7.00');
    expect(restrictToUnit(table, 'no-such-unit').units).toEqual([]);
  });
});

describe('as of a moment, from the copy', () => {
  const { log, departmentId } = referenceWorkflow();
  const projection = project(arrivalOrder(log.logged).map((l) => l.event));
  const approvals = projection.copy.filter((c) => c.envelope.type === 'SheetApproved');
  const last = approvals.reduce((a, b) => (BigInt(a.position) > BigInt(b.position) ? a : b));
  const streams = projection.tableStreams(departmentId, 2026);
  const asOf = (position: bigint) => {
    const folded = foldCopied(projection.copy.filter((c) => BigInt(c.position) <= position && streams.includes(c.envelope.streamId)));
    return orderTable(reportTableFor(folded.model, departmentId, 2026), folded.creation);
  };

  it('lacks the project whose approval comes later, and the diff shows exactly it', () => {
    const before = asOf(BigInt(last.position) - 1n);
    const after = asOf(BigInt(last.position));
    const name = (last.envelope.data as { sheetId: string }).sheetId;
    expect(before.units.flatMap((u) => u.projects.map((p) => p.sheetId))).not.toContain(name);
    expect(after.units.flatMap((u) => u.projects.map((p) => p.sheetId))).toContain(name);
    const diff = diffTables(before, after);
    expect(diff.projectsAdded.map((p) => p.sheetId)).toEqual([name]);
    expect(diff.projectsRemoved).toEqual([]);
    expect(diff.projectsChanged).toEqual([]);
    expect(diffTables(after, orderTable(reportTableFor(projection.model().model, departmentId, 2026), projection.model().creation)).identical).toBe(true);
  });

  it('has no approved project before the first approval (events in the producers’ order)', () => {
    const inOrder = project(log.events);
    const first = inOrder.copy.find((c) => c.envelope.type === 'SheetApproved')!;
    const folded = foldCopied(inOrder.copy.filter((c) => BigInt(c.position) < BigInt(first.position)));
    const table = reportTableFor(folded.model, departmentId, 2026);
    expect(table.units).toEqual([]);
    expect(formatWanYuan(table.grandTotal.total)).toBe('0.00');
  });
});

describe('refused events', () => {
  const log = new EventLog();
  const imported = log.importTable(REFERENCE_TABLE);
  const sheetId = imported.sheets[0]!.sheetId;
  const valid = log.events;

  function refusal(event: RecordedEvent): ReportEventError {
    const projection = project(valid);
    const before = JSON.stringify(projection.model().model.sheets.get(sheetId));
    expect(projection.append(event)).toBe('refused');
    expect(JSON.stringify(projection.model().model.sheets.get(sheetId))).toBe(before);
    return projection.refused[0]!.error;
  }

  const next = (overrides: Partial<RecordedEvent>): RecordedEvent => ({
    ...valid.find((e) => e.streamId === sheetStreamId(sheetId))!,
    eventId: '00000000-0000-4000-8000-999999999999',
    streamVersion: 2,
    globalPosition: '999',
    ...overrides,
    schemaVersion: SHEET_EVENT_SCHEMA_VERSIONS[(overrides.type ?? 'DraftCreated') as SheetEventType] ?? 1,
  });

  it('refuses an unknown type, malformed data, a gap in a stream and a conflicting version, leaving the state as it was', () => {
    expect(refusal(next({ type: 'DraftTeleported', data: { sheetId } })).code).toBe('UNKNOWN_EVENT_TYPE');
    expect(refusal(next({ type: 'DraftGoalChanged', data: { sheetId, after: 42, editedBy: 'x' } })).code).toBe('MALFORMED_EVENT');
    expect(refusal(next({ type: 'DraftGoalChanged', streamVersion: 5, data: { sheetId, before: '', after: '新目标', editedBy: 'x' } })).code).toBe('STREAM_GAP');
    expect(refusal(next({ type: 'DraftGoalChanged', streamVersion: 1, data: { sheetId, before: '', after: '新目标', editedBy: 'x' } })).code).toBe('CONFLICTING_EVENT');
    expect(refusal(next({ recordedAt: 'yesterday' })).code).toBe('MALFORMED_ENVELOPE');
  });

  it('applies the next valid event after a refusal', () => {
    const projection = project(valid);
    projection.append(next({ type: 'DraftTeleported', data: { sheetId } }));
    const goal = next({ type: 'DraftGoalChanged', data: { sheetId, before: 'x', after: '新的绩效目标', editedBy: 'clerk-x' } });
    expect(projection.append(goal)).toBe('copied');
    expect(projection.model().model.sheets.get(sheetId)!.state.content.goal).toBe('新的绩效目标');
  });

  it('throws for the refused event and changes nothing in the rows it was given', () => {
    const head = { streamId: sheetStreamId(sheetId), streamVersion: 1, eventId: 'e1', hash: null, globalPosition: '1' };
    const rows = { head: () => head, sheet: () => null, department: () => null, activity: () => null };
    expect(() => stepEvent(rows, next({ type: 'DraftTeleported', data: { sheetId } }))).toThrow(ReportEventError);
    expect(head.streamVersion).toBe(1);
  });
});

describe('subjects', () => {
  it('files a review event under the sheet it names, and an event of a sheet or department under its own stream', () => {
    expect(subjectOf({ streamId: 'review-r1', data: { sheetId: 's1', level: 'department' } })).toBe('sheet-s1');
    expect(subjectOf({ streamId: 'sheet-s1', data: { sheetId: 's2' } })).toBe('sheet-s1');
    expect(subjectOf({ streamId: 'department-d1', data: {} })).toBe('department-d1');
    expect(subjectOf({ streamId: 'review-r1', data: null })).toBe('review-r1');
  });
});
