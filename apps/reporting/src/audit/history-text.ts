import { type INDICATOR_FIELDS, SIGN_OFF_LEVEL_NAMES, type SheetIndicator, type SignOffLevel } from '@budget/domain';

// How the histories write what they show: a sign-off level by its name, an indicator as one line of text.

/** The name of a sign-off level; null for anything that is not one. */
export function levelName(level: unknown): string | null {
  return typeof level === 'string' && level in SIGN_OFF_LEVEL_NAMES ? SIGN_OFF_LEVEL_NAMES[level as SignOffLevel] : null;
}

/** An indicator as one line: its levels, its name and its two targets. */
export function indicatorText(i: SheetIndicator): string {
  return `${i.level1}；${i.level2}；${i.name}；实施周期指标值：${i.periodTarget.text}；年度指标值：${i.annualTarget.text}`;
}

/** One field of an indicator, as text. */
export function indicatorField(i: SheetIndicator, field: (typeof INDICATOR_FIELDS)[number]): string {
  switch (field) {
    case 'periodTarget':
    case 'annualTarget':
      return i[field].text;
    case 'level1':
    case 'level2':
    case 'name':
      return i[field];
  }
}

