import { type RecordedEvent } from '@budget/domain';

/** A message that can never be handled as it is: it goes to the dead letters, not back to the retry loop. */
export class MalformedMessageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedMessageError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POSITION = /^[0-9]{1,19}$/;

/** Parses a message value and checks it has the envelope's shape (not the data's: that is the handler's job). */
export function parseRecordedEvent(value: Buffer | string | null | undefined): RecordedEvent {
  if (value === null || value === undefined || value.length === 0) throw new MalformedMessageError('empty message value');
  let parsed: unknown;
  try {
    parsed = JSON.parse(typeof value === 'string' ? value : value.toString('utf8'));
  } catch (error) {
    throw new MalformedMessageError(`value is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new MalformedMessageError('value is not a JSON object');
  const e = parsed as Record<string, unknown>;
  const problems: string[] = [];
  const check = (ok: boolean, field: string, expected: string): void => {
    if (!ok) problems.push(`${field} must be ${expected}`);
  };
  const isString = (v: unknown): v is string => typeof v === 'string';
  const isInstant = (v: unknown): boolean => isString(v) && !Number.isNaN(Date.parse(v));
  const isPositiveInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1;

  check(isString(e.eventId) && UUID.test(e.eventId), 'eventId', 'a UUID');
  check(isString(e.type) && e.type.length > 0, 'type', 'a non-empty string');
  check(isPositiveInt(e.schemaVersion), 'schemaVersion', 'an integer >= 1');
  check(isString(e.streamId) && e.streamId.length > 0, 'streamId', 'a non-empty string');
  check(isPositiveInt(e.streamVersion), 'streamVersion', 'an integer >= 1');
  check(isString(e.globalPosition) && POSITION.test(e.globalPosition), 'globalPosition', 'a decimal string');
  check(isInstant(e.occurredAt), 'occurredAt', 'an ISO instant');
  check(isInstant(e.recordedAt), 'recordedAt', 'an ISO instant');
  const actor = e.actor as Record<string, unknown> | null | undefined;
  check(typeof actor === 'object' && actor !== null && isString(actor.id) && isString(actor.role), 'actor', 'an object with id and role');
  check(isString(e.correlationId), 'correlationId', 'a string');
  check(e.causationId === null || isString(e.causationId), 'causationId', 'a string or null');
  check('data' in e, 'data', 'present');
  check(isString(e.prevHash), 'prevHash', 'a string');
  check(isString(e.hash), 'hash', 'a string');
  if (problems.length > 0) throw new MalformedMessageError(`not an event envelope: ${problems.join('; ')}`);
  return { ...(e as unknown as RecordedEvent), eventId: (e.eventId as string).toLowerCase() };
}
