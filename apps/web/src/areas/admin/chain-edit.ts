import { SIGN_OFF_LEVELS, SIGN_OFF_LEVEL_ROLES, type SignOffChain, type SignOffLevel } from '@budget/domain';

/** One editable row per possible level, in hierarchy order; a chain keeps the enabled ones. */
export interface ChainRow {
  readonly level: SignOffLevel;
  readonly enabled: boolean;
  readonly mayWaive: boolean;
  readonly dueHours: number;
  /** Working days on the region's calendar; null: the hours apply. */
  readonly dueWorkingDays: number | null;
}

export function rowsOf(chain: SignOffChain): ChainRow[] {
  return SIGN_OFF_LEVELS.map((level) => {
    const c = chain.find((l) => l.level === level);
    return { level, enabled: c !== undefined, mayWaive: c?.mayWaive ?? level !== 'unit_head', dueHours: c?.dueHours ?? 72, dueWorkingDays: c?.dueWorkingDays ?? null };
  });
}

export function chainOf(rows: readonly ChainRow[]): SignOffChain {
  return rows
    .filter((r) => r.enabled)
    .map((r) => ({
      level: r.level,
      role: SIGN_OFF_LEVEL_ROLES[r.level],
      mayWaive: r.mayWaive,
      dueHours: r.dueHours,
      ...(r.dueWorkingDays !== null && { dueWorkingDays: r.dueWorkingDays }),
    }));
}
