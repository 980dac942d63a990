import { Inject, Injectable } from '@nestjs/common';
import {
  type BatchReminderSent,
  batchReminderDecider,
  type BatchReminderState,
  batchReminderStreamId,
  DEADLINE_EVENT_SCHEMA_VERSIONS,
  type DepartmentCommand,
  departmentDecider,
  type DepartmentEvent,
  DEPARTMENT_EVENT_SCHEMA_VERSIONS,
  type DepartmentState,
  departmentStreamId,
  type RecordedEvent,
  type SheetCommand,
  sheetDecider,
  type SheetEvent,
  SHEET_EVENT_SCHEMA_VERSIONS,
  type SheetState,
  sheetStreamId,
  type SendBatchReminder,
  upcastDeadlineEvent,
  upcastDepartmentEvent,
  upcastSheetEvent,
} from '@budget/domain';
import { type EventStore, type EventStoreTransaction, PostgresEventStore } from '@budget/event-store';
import { EventSourcedRepository, type Executed, type Loaded } from '@budget/platform';
import { writeDepartmentRows } from './organisation-directory';
import { sheetRowAlongside } from './sheet-read-model';

export const INTAKE_SCHEMA = 'intake';

// The event store is the port (EventStore); the application module provides PostgreSQL's under its class.

export interface WriteOptions {
  /** The version the client saw; another current version is a conflict (409) and nothing changes. */
  readonly expectedVersion?: number;
  /** A transaction the caller owns (a consumer's): the append joins it. */
  readonly transaction?: EventStoreTransaction;
}

const asList = <C>(commands: C | readonly C[]): readonly C[] => (Array.isArray(commands) ? (commands as readonly C[]) : [commands as C]);

/** When the first command was given: the time its read-model row records. */
const timeOf = (commands: readonly { readonly metadata: { readonly now: string } }[]): string => {
  const first = commands[0];
  if (!first) throw new Error('execute needs at least one command');
  return first.metadata.now;
};

/** The sheets, each its own stream; every append writes the sheet's read-model row in its statement. */
@Injectable()
export class SheetRepository {
  private readonly streams: EventSourcedRepository<SheetCommand, SheetEvent, SheetState>;

  constructor(@Inject(PostgresEventStore) private readonly store: EventStore) {
    this.streams = new EventSourcedRepository(store, { name: 'sheet', decider: sheetDecider, upcast: upcastSheetEvent, schemaVersions: SHEET_EVENT_SCHEMA_VERSIONS });
  }

  load(sheetId: string): Promise<Loaded<SheetState>> {
    return this.streams.load(sheetStreamId(sheetId));
  }

  /** The sheet's events as stored (envelope and hash), for its history. */
  recorded(sheetId: string): Promise<RecordedEvent[]> {
    return this.store.readStream(sheetStreamId(sheetId));
  }

  /** The commands are decided in turn on the evolving sheet and appended together, or not at all. */
  execute(sheetId: string, commands: SheetCommand | readonly SheetCommand[], opts: WriteOptions = {}): Promise<Executed<SheetEvent, SheetState>> {
    const list = asList(commands);
    const at = timeOf(list);
    return this.streams.execute(sheetStreamId(sheetId), list, {
      ...opts,
      // The read-model row is written by the append's own statement.
      projectAlongside: (state, version) => (state.status === 'empty' ? undefined : sheetRowAlongside(state, version, at)),
    });
  }
}

/** The departments with their units, each its own stream; every append writes the departments/units read model. */
@Injectable()
export class DepartmentRepository {
  private readonly streams: EventSourcedRepository<DepartmentCommand, DepartmentEvent, DepartmentState>;

  constructor(@Inject(PostgresEventStore) store: EventStore) {
    this.streams = new EventSourcedRepository(store, {
      name: 'department',
      decider: departmentDecider,
      upcast: upcastDepartmentEvent,
      schemaVersions: DEPARTMENT_EVENT_SCHEMA_VERSIONS,
    });
  }

  load(departmentId: string): Promise<Loaded<DepartmentState>> {
    return this.streams.load(departmentStreamId(departmentId));
  }

  execute(departmentId: string, commands: DepartmentCommand | readonly DepartmentCommand[], opts: WriteOptions = {}): Promise<Executed<DepartmentEvent, DepartmentState>> {
    const list = asList(commands);
    const at = timeOf(list);
    return this.streams.execute(departmentStreamId(departmentId), list, { ...opts, project: (tx, state, version) => writeDepartmentRows(tx, state, version, at) });
  }
}

/** 催办 of a department's year, one stream each: it remembers the batches sent, so a retried request sends nothing twice. */
@Injectable()
export class BatchReminderRepository {
  private readonly streams: EventSourcedRepository<SendBatchReminder, BatchReminderSent, BatchReminderState>;

  constructor(@Inject(PostgresEventStore) store: EventStore) {
    this.streams = new EventSourcedRepository(store, {
      name: 'batch reminder',
      decider: batchReminderDecider,
      upcast: (stored) => {
        const event = upcastDeadlineEvent(stored);
        if (event.type !== 'BatchReminderSent') throw new Error(`a batch reminder stream holds ${event.type}`);
        return event;
      },
      schemaVersions: DEADLINE_EVENT_SCHEMA_VERSIONS,
    });
  }

  execute(command: SendBatchReminder): Promise<Executed<BatchReminderSent, BatchReminderState>> {
    return this.streams.execute(batchReminderStreamId(command.data.departmentId, command.data.fiscalYear), command);
  }
}
