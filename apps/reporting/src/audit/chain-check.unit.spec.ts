import { type RecordedEvent } from '@budget/domain';
import { eventHash } from '@budget/event-store';
import { type CopiedEvent } from '../projection/copied-events';
import { EventLog, REFERENCE_TABLE } from '../testing/event-log';
import { CopyVerifier, describeBreak } from './chain-check';

function copied(events: readonly RecordedEvent[]): CopiedEvent[] {
  return events.map((envelope, i) => ({ position: String(i + 1), sourcePosition: envelope.globalPosition, envelope }));
}

function verify(rows: readonly CopiedEvent[]) {
  const verifier = new CopyVerifier();
  for (const row of rows) if (!verifier.check(row)) break;
  return verifier.result();
}

describe('hash chains of the copy', () => {
  const log = new EventLog();
  const imported = log.importTable(REFERENCE_TABLE);
  log.signOff(imported.sheets[0]!.sheetId);
  const rows = copied(log.events);

  it('hold for events as the producers chained them', () => {
    expect(verify(rows)).toEqual({ ok: true, streamsChecked: 13, eventsChecked: rows.length });
  });

  it('break at an event whose content was changed, naming it and its position', () => {
    const n = rows.findIndex((r) => r.envelope.type === 'SheetApproved');
    const tampered = rows.map((r, i) => (i === n ? { ...r, envelope: { ...r.envelope, data: { ...(r.envelope.data as object), grade: '优' } } } : r));
    const result = verify(tampered);
    expect(result.ok).toBe(false);
    expect(result.firstBroken).toEqual({
      streamId: rows[n]!.envelope.streamId,
      streamVersion: rows[n]!.envelope.streamVersion,
      eventId: rows[n]!.envelope.eventId,
      reason: 'hash-mismatch',
      position: String(n + 1),
      type: 'SheetApproved',
    });
    expect(describeBreak(result.firstBroken!)).toMatch(/内容被改动/);
  });

  it('break where an event is missing, and where a re-hashed event no longer follows its predecessor', () => {
    const sheetStream = rows.filter((r) => r.envelope.streamId === `sheet-${imported.sheets[0]!.sheetId}`);
    const missing = rows.filter((r) => r !== sheetStream[1]);
    expect(verify(missing).firstBroken).toMatchObject({ streamId: sheetStream[2]!.envelope.streamId, streamVersion: 3, reason: 'version-gap' });

    const forged = rows.map((r) => {
      if (r !== sheetStream[1]) return r;
      const envelope = { ...r.envelope, prevHash: 'f'.repeat(64) };
      return { ...r, envelope: { ...envelope, hash: eventHash(envelope) } };
    });
    expect(verify(forged).firstBroken).toMatchObject({ streamVersion: 2, reason: 'prev-hash-mismatch' });
  });

  it('break when a stream head points past the last copied event', () => {
    const verifier = new CopyVerifier();
    for (const row of rows) verifier.check(row);
    const last = rows[rows.length - 1]!.envelope;
    expect(verifier.checkHeads([{ streamId: last.streamId, streamVersion: last.streamVersion + 1, eventId: 'x', hash: 'x', globalPosition: '999' }])).toBe(false);
    expect(verifier.result().firstBroken).toMatchObject({ streamId: last.streamId, eventId: null, reason: 'version-gap', position: null });
  });
});
