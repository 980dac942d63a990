import { DEFAULT_REMINDER_LEAD_WORKING_DAYS, validateReminderLead } from '@budget/domain';

export const DEADLINES_CONFIG = Symbol('DEADLINES_CONFIG');

export interface DeadlinesConfig {
  /** The region whose local calendar (local-calendar-<regionId>) due dates are counted on: one per deployment. */
  readonly regionId: string;
  /** How often the deadline sweep runs (a BullMQ repeatable job: once per tick, whatever the number of replicas). */
  readonly sweepEveryMs: number;
  /** Working days before the due date the reminder goes out; 0 sends none. */
  readonly reminderLeadWorkingDays: number;
}

const REGION_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

function whole(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, got ${raw}`);
  return n;
}

/** CALENDAR_REGION (default `default`), DEADLINE_SWEEP_MS (default 60000), REMINDER_LEAD_WORKING_DAYS (default 1). */
export function deadlinesConfig(env: NodeJS.ProcessEnv = process.env): DeadlinesConfig {
  const regionId = env.CALENDAR_REGION || 'default';
  if (!REGION_PATTERN.test(regionId)) throw new Error(`CALENDAR_REGION must be lower-case letters, digits, - or _, got ${regionId}`);
  const reminderLeadWorkingDays = whole(env, 'REMINDER_LEAD_WORKING_DAYS', DEFAULT_REMINDER_LEAD_WORKING_DAYS, 0);
  validateReminderLead(reminderLeadWorkingDays);
  return { regionId, sweepEveryMs: whole(env, 'DEADLINE_SWEEP_MS', 60_000, 1_000), reminderLeadWorkingDays };
}
