import { type Command } from '../core/decider';
import { authorize, allow, deny, type PolicyDecision } from '../core/policy';
import { createUpcaster, type StoredEvent } from '../core/upcasting';
import { assertNever } from '../errors';
import { type Actor, type DomainEvent } from '../events/envelope';
import { throwIfInvalid } from '../sheet/field-checks';
import { CALENDAR_MESSAGES } from './calendar.labels';
import { type NationalCalendar } from './national-calendar';
import { calendarWith, isCalendarDate, LOCAL_DAY_KINDS, type CalendarDate, type LocalDayKind, type LocalDayOverride, type WorkingDayCalendar } from './working-days';

/**
 * A region's own days off and extra working days, as an aggregate with its own stream
 * (`local-calendar-<regionId>`) rather than a plain table: a changed day moves due dates,
 * reminders and escalations, so who set which day, when and why must be in the log an auditor
 * replays, exactly like a change of the sign-off chain. A task keeps the due date it was opened
 * with; a later change of the calendar applies to tasks opened afterwards.
 */

export const LOCAL_CALENDAR_STREAM_PREFIX = 'local-calendar-';
export const MAX_LOCAL_DAY_REASON_LENGTH = 200;

export function localCalendarStreamId(regionId: string): string {
  return `${LOCAL_CALENDAR_STREAM_PREFIX}${regionId}`;
}

export type SetLocalCalendarDay = Command<
  'SetLocalCalendarDay',
  { readonly regionId: string; readonly date: CalendarDate; readonly kind: LocalDayKind; readonly reason: string }
>;
export type ClearLocalCalendarDay = Command<'ClearLocalCalendarDay', { readonly regionId: string; readonly date: CalendarDate; readonly reason: string }>;
export type LocalCalendarCommand = SetLocalCalendarDay | ClearLocalCalendarDay;

export type LocalCalendarDaySet = DomainEvent<
  'LocalCalendarDaySet',
  LocalDayOverride & { readonly regionId: string; readonly previous: LocalDayOverride | null; readonly by: string; readonly at: string }
>;
export type LocalCalendarDayCleared = DomainEvent<
  'LocalCalendarDayCleared',
  { readonly regionId: string; readonly date: CalendarDate; readonly reason: string; readonly previous: LocalDayOverride; readonly by: string; readonly at: string }
>;
export type LocalCalendarEvent = LocalCalendarDaySet | LocalCalendarDayCleared;

export interface LocalCalendarState {
  readonly regionId: string | null;
  readonly days: ReadonlyMap<CalendarDate, LocalDayOverride>;
}

export const LOCAL_CALENDAR_EVENT_SCHEMA_VERSIONS: Readonly<Record<LocalCalendarEvent['type'], number>> = {
  LocalCalendarDaySet: 1,
  LocalCalendarDayCleared: 1,
};

export function initialLocalCalendarState(): LocalCalendarState {
  return { regionId: null, days: new Map() };
}

export function mayEditLocalCalendar(actor: Actor): PolicyDecision {
  return actor.role === 'admin' ? allow : deny(CALENDAR_MESSAGES.mayEditLocalCalendar);
}

function validateDay(date: unknown, reason: unknown): void {
  const errors = [];
  if (!isCalendarDate(date)) errors.push({ field: 'date', message: CALENDAR_MESSAGES.invalidDate });
  const text = typeof reason === 'string' ? reason.trim() : '';
  if (text === '') errors.push({ field: 'reason', message: CALENDAR_MESSAGES.reasonRequired });
  else if (text.length > MAX_LOCAL_DAY_REASON_LENGTH) errors.push({ field: 'reason', message: CALENDAR_MESSAGES.reasonTooLong(MAX_LOCAL_DAY_REASON_LENGTH) });
  throwIfInvalid(errors);
}

export function decideLocalCalendar(command: LocalCalendarCommand, state: LocalCalendarState): LocalCalendarEvent[] {
  const { actor, now } = command.metadata;
  authorize(mayEditLocalCalendar(actor));
  const { regionId, date } = command.data;
  const reason = command.data.reason.trim();
  switch (command.type) {
    case 'SetLocalCalendarDay': {
      validateDay(date, command.data.reason);
      if (!(LOCAL_DAY_KINDS as readonly string[]).includes(command.data.kind)) {
        throwIfInvalid([{ field: 'kind', message: CALENDAR_MESSAGES.kindInvalid }]);
      }
      const previous = state.days.get(date) ?? null;
      if (previous && previous.kind === command.data.kind && previous.reason === reason) return [];
      return [{ type: 'LocalCalendarDaySet', data: { regionId, date, kind: command.data.kind, reason, previous, by: actor.id, at: now } }];
    }
    case 'ClearLocalCalendarDay': {
      validateDay(date, command.data.reason);
      const previous = state.days.get(date);
      if (!previous) throwIfInvalid([{ field: 'date', message: CALENDAR_MESSAGES.notSet }]);
      return [{ type: 'LocalCalendarDayCleared', data: { regionId, date, reason, previous: previous!, by: actor.id, at: now } }];
    }
    default:
      return assertNever(command, 'local calendar command');
  }
}

export function evolveLocalCalendar(state: LocalCalendarState, event: LocalCalendarEvent): LocalCalendarState {
  const days = new Map(state.days);
  switch (event.type) {
    case 'LocalCalendarDaySet':
      days.set(event.data.date, { date: event.data.date, kind: event.data.kind, reason: event.data.reason });
      break;
    case 'LocalCalendarDayCleared':
      days.delete(event.data.date);
      break;
    default:
      return assertNever(event, 'local calendar event');
  }
  return { regionId: event.data.regionId, days };
}

export const localCalendarDecider = {
  decide: decideLocalCalendar,
  evolve: evolveLocalCalendar,
  initialState: initialLocalCalendarState,
} as const;

/** The calendar a region's due dates are computed with. */
export function regionCalendar(national: NationalCalendar, state: LocalCalendarState): WorkingDayCalendar {
  return calendarWith(national, [...state.days.values()]);
}

export const upcastLocalCalendarEvent: (stored: StoredEvent) => LocalCalendarEvent = createUpcaster<LocalCalendarEvent>(LOCAL_CALENDAR_EVENT_SCHEMA_VERSIONS, {});
