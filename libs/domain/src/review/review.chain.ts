import { MAX_DUE_WORKING_DAYS } from '../calendar/working-days';
import { CALENDAR_MESSAGES } from '../calendar/calendar.labels';
import { type FieldError } from '../errors';
import { ROLE_LABELS } from '../events/envelope';
import { SIGN_OFF_LEVEL_NAMES } from './review.labels';
import {
  SIGN_OFF_LEVELS,
  type SignOffChain,
  type SignOffLevel,
  type SignOffLevelConfig,
  type SignOffRole,
} from './review.types';

export const SIGN_OFF_LEVEL_ROLES: Readonly<Record<SignOffLevel, SignOffRole>> = {
  unit_head: 'unit_head',
  department: 'department_reviewer',
  finance: 'finance_reviewer',
};

export const SIGN_OFF_ROLE_NAMES: Readonly<Record<SignOffRole, string>> = {
  unit_head: ROLE_LABELS.unit_head,
  department_reviewer: ROLE_LABELS.department_reviewer,
  finance_reviewer: ROLE_LABELS.finance_reviewer,
};

/** review-rules.md: waivers by department and finance unless configured otherwise. */
export const DEFAULT_WAIVING_LEVELS: readonly SignOffLevel[] = ['department', 'finance'];
export const DEFAULT_DUE_HOURS = 72;
/** 90 days: a longer deadline is a typo, not a policy. */
export const MAX_DUE_HOURS = 2160;

/** A level with the defaults for whatever is not given. */
export function signOffLevel(
  level: SignOffLevel,
  options: { readonly mayWaive?: boolean; readonly dueHours?: number; readonly dueWorkingDays?: number } = {},
): SignOffLevelConfig {
  return {
    level,
    role: SIGN_OFF_LEVEL_ROLES[level],
    mayWaive: options.mayWaive ?? DEFAULT_WAIVING_LEVELS.includes(level),
    dueHours: options.dueHours ?? DEFAULT_DUE_HOURS,
    ...(options.dueWorkingDays !== undefined && { dueWorkingDays: options.dueWorkingDays }),
  };
}

/**
 * Working days per level in the default chain: the unit head signs its own unit's sheet, the
 * department and finance read every unit's. The hours stay as the fallback for a year the
 * statutory calendar has not published.
 */
export const DEFAULT_DUE_WORKING_DAYS: Readonly<Record<SignOffLevel, number>> = { unit_head: 3, department: 5, finance: 5 };

/** unit head → department → finance; department and finance may waive; 3/5/5 working days (72 hours where the calendar is unknown). */
export const DEFAULT_SIGN_OFF_CHAIN: SignOffChain = SIGN_OFF_LEVELS.map((level) => signOffLevel(level, { dueWorkingDays: DEFAULT_DUE_WORKING_DAYS[level] }));

function isSignOffLevel(value: unknown): value is SignOffLevel {
  return typeof value === 'string' && (SIGN_OFF_LEVELS as readonly string[]).includes(value);
}

/**
 * A chain is 1 to 3 distinct levels in hierarchy order (unit head before department before
 * finance), each with its own role, a boolean mayWaive and a whole number of hours (1–2160).
 * `path` prefixes the field paths (`chain[1].dueHours`).
 */
export function validateSignOffChain(chain: unknown, path = 'chain'): FieldError[] {
  const errors: FieldError[] = [];
  if (!Array.isArray(chain) || chain.length === 0) {
    errors.push({ field: path, message: '审核链至少需要一个审核环节' });
    return errors;
  }
  let previous = -1;
  chain.forEach((item: unknown, index) => {
    const prefix = `${path}[${index}]`;
    if (typeof item !== 'object' || item === null) {
      errors.push({ field: prefix, message: '审核环节无效' });
      return;
    }
    const config = item as Record<string, unknown>;
    const level = config['level'];
    if (!isSignOffLevel(level)) {
      errors.push({ field: `${prefix}.level`, message: '审核环节只能是单位负责人、主管部门或财政部门' });
    } else {
      const position = SIGN_OFF_LEVELS.indexOf(level);
      if (position === previous) {
        errors.push({ field: `${prefix}.level`, message: `审核环节“${SIGN_OFF_LEVEL_NAMES[level]}”重复` });
      } else if (position < previous) {
        errors.push({ field: `${prefix}.level`, message: '审核环节须按单位负责人、主管部门、财政部门的顺序排列' });
      }
      previous = Math.max(previous, position);
      if (config['role'] !== SIGN_OFF_LEVEL_ROLES[level]) {
        errors.push({
          field: `${prefix}.role`,
          message: `“${SIGN_OFF_LEVEL_NAMES[level]}”环节的审核角色须为${SIGN_OFF_ROLE_NAMES[SIGN_OFF_LEVEL_ROLES[level]]}`,
        });
      }
    }
    if (typeof config['mayWaive'] !== 'boolean') {
      errors.push({ field: `${prefix}.mayWaive`, message: '是否可以豁免须为是或否' });
    }
    const dueHours = config['dueHours'];
    if (typeof dueHours !== 'number' || !Number.isInteger(dueHours) || dueHours < 1 || dueHours > MAX_DUE_HOURS) {
      errors.push({ field: `${prefix}.dueHours`, message: `办理时限须为1到${MAX_DUE_HOURS}之间的整数小时` });
    }
    const dueWorkingDays = config['dueWorkingDays'];
    if (dueWorkingDays !== undefined && !(typeof dueWorkingDays === 'number' && Number.isInteger(dueWorkingDays) && dueWorkingDays >= 1 && dueWorkingDays <= MAX_DUE_WORKING_DAYS)) {
      errors.push({ field: `${prefix}.dueWorkingDays`, message: CALENDAR_MESSAGES.durationInvalid(MAX_DUE_WORKING_DAYS) });
    }
  });
  return errors;
}

export function isLastSignOffLevel(chain: SignOffChain, level: SignOffLevel): boolean {
  return chain.at(-1)?.level === level;
}

export function nextSignOffLevel(chain: SignOffChain, level: SignOffLevel): SignOffLevelConfig | null {
  const index = chain.findIndex((l) => l.level === level);
  return index < 0 ? null : (chain[index + 1] ?? null);
}

/** A level's four keys, and dueWorkingDays when it has one: what chains store and events carry. */
export function copyLevelConfig(l: SignOffLevelConfig): SignOffLevelConfig {
  return { level: l.level, role: l.role, mayWaive: l.mayWaive, dueHours: l.dueHours, ...(l.dueWorkingDays !== undefined && { dueWorkingDays: l.dueWorkingDays }) };
}

/** Index of the first level that may waive, or -1: from that level on, approval needs every blocking finding waived. */
export function firstWaivingLevelIndex(chain: SignOffChain): number {
  return chain.findIndex((l) => l.mayWaive);
}
