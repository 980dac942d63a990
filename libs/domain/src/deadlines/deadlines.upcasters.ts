import { createUpcaster, type StoredEvent } from '../core/upcasting';
import { type DeadlineEvent } from './deadlines.types';

export const DEADLINE_EVENT_SCHEMA_VERSIONS: Readonly<Record<DeadlineEvent['type'], number>> = {
  LevelTaskReminded: 1,
  LevelTaskEscalated: 1,
  BatchReminderSent: 1,
};

/** Throws EventSchemaError for an unknown type or a version newer than this code. */
export const upcastDeadlineEvent: (stored: StoredEvent) => DeadlineEvent = createUpcaster<DeadlineEvent>(DEADLINE_EVENT_SCHEMA_VERSIONS, {});
