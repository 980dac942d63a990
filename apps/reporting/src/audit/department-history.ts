import {
  DEPARTMENT_EVENT_LABELS,
  DEPARTMENT_FIELD_LABELS,
  SIGN_OFF_CHAIN_ADOPTED_LABEL,
  SIGN_OFF_CHAIN_EVENT_LABELS,
  SIGN_OFF_CHAIN_FIELD_LABEL,
  SIGN_OFF_CHAIN_STREAM_PREFIX,
  signOffChainText,
  upcastDepartmentEvent,
  upcastSignOffChainEvent,
} from '@budget/domain';
import { type CopiedEvent } from '../projection/copied-events';
import { type HistoryChange } from './history-changes';
import { type HistoryActor, historyActor } from './sheet-history';

export interface DepartmentHistoryEntry {
  readonly position: string;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly label: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: HistoryActor;
  /** The department's registration stream (intake) or its sign-off chain stream (review). */
  readonly source: 'department' | 'sign-off-chain';
  readonly changes: readonly HistoryChange[];
  readonly details: Readonly<Record<string, unknown>>;
  readonly unreadable: string | null;
}

/**
 * The story of a department for auditors: its registration and units (intake's department stream)
 * and every change of its sign-off chain (the review service's stream): who, when, old → new, and
 * the reason when the last level is not finance. An event this code cannot read is listed as it is.
 */
export function departmentHistory(rows: Iterable<CopiedEvent>): DepartmentHistoryEntry[] {
  const entries: DepartmentHistoryEntry[] = [];
  for (const row of rows) {
    const e = row.envelope;
    const chainStream = e.streamId.startsWith(SIGN_OFF_CHAIN_STREAM_PREFIX);
    const base = {
      position: row.position,
      eventId: e.eventId,
      streamId: e.streamId,
      streamVersion: e.streamVersion,
      type: e.type,
      occurredAt: e.occurredAt,
      recordedAt: e.recordedAt,
      actor: historyActor(e.actor),
      source: chainStream ? ('sign-off-chain' as const) : ('department' as const),
    };
    const stored = { type: e.type, schemaVersion: e.schemaVersion, data: e.data };
    try {
      if (chainStream) {
        const { data } = upcastSignOffChainEvent(stored);
        entries.push({
          ...base,
          label: data.adoptedFrom ? SIGN_OFF_CHAIN_ADOPTED_LABEL : SIGN_OFF_CHAIN_EVENT_LABELS.SignOffChainConfigured,
          changes: [{ field: SIGN_OFF_CHAIN_FIELD_LABEL, before: signOffChainText(data.previous), after: signOffChainText(data.chain) }],
          details: {
            ...(data.lastLevelException ? { lastLevelException: data.lastLevelException.reason } : {}),
            ...(data.adoptedFrom ? { adoptedFrom: { updatedBy: data.adoptedFrom.updatedBy, updatedAt: data.adoptedFrom.updatedAt } } : {}),
          },
          unreadable: null,
        });
      } else {
        const event = upcastDepartmentEvent(stored);
        switch (event.type) {
          case 'DepartmentRegistered':
            entries.push({ ...base, label: DEPARTMENT_EVENT_LABELS.DepartmentRegistered, changes: [{ field: DEPARTMENT_FIELD_LABELS.departmentName, before: null, after: event.data.name }], details: {}, unreadable: null });
            break;
          case 'UnitAdded':
            entries.push({ ...base, label: DEPARTMENT_EVENT_LABELS.UnitAdded, changes: [{ field: DEPARTMENT_FIELD_LABELS.unit, before: null, after: event.data.name }], details: { unitId: event.data.unitId }, unreadable: null });
            break;
          case 'UnitRenamed':
            entries.push({ ...base, label: DEPARTMENT_EVENT_LABELS.UnitRenamed, changes: [{ field: DEPARTMENT_FIELD_LABELS.unitName, before: event.data.before, after: event.data.after }], details: { unitId: event.data.unitId }, unreadable: null });
            break;
        }
      }
    } catch (error) {
      entries.push({ ...base, label: e.type, changes: [], details: { data: e.data }, unreadable: error instanceof Error ? error.message : String(error) });
    }
  }
  // Two producers, one copy in arrival order: listed by the time each event was recorded.
  const position = (e: DepartmentHistoryEntry): bigint => BigInt(e.position);
  return entries.sort((a, b) => Date.parse(a.recordedAt) - Date.parse(b.recordedAt) || (position(a) < position(b) ? -1 : position(a) > position(b) ? 1 : 0));
}
