import { FUNDING_FIELDS, INDICATOR_FIELDS, type SheetContent, type SheetContentDiff, type SheetIndicator } from './sheet.types';

/** Compares targets by their text: the parse is derived, and a parser upgrade is no change by the unit. */
export function indicatorFieldEquals(a: SheetIndicator, b: SheetIndicator, field: (typeof INDICATOR_FIELDS)[number]): boolean {
  switch (field) {
    case 'periodTarget':
    case 'annualTarget':
      return a[field].text === b[field].text;
    case 'level1':
    case 'level2':
    case 'name':
      return a[field] === b[field];
  }
}

export function diffSheetContent(before: SheetContent, after: SheetContent): SheetContentDiff {
  const fields: SheetContentDiff['fields'][number][] = [];
  if (before.projectName !== after.projectName) fields.push('projectName');
  for (const key of FUNDING_FIELDS) {
    if (before.funding[key] !== after.funding[key]) fields.push(`funding.${key}`);
  }
  if (before.goal !== after.goal) fields.push('goal');

  const previous = new Map(before.indicators.map((i) => [i.indicatorId, i]));
  const current = new Set(after.indicators.map((i) => i.indicatorId));
  const indicatorsChanged: { indicatorId: string; fields: (typeof INDICATOR_FIELDS)[number][] }[] = [];
  for (const indicator of after.indicators) {
    const old = previous.get(indicator.indicatorId);
    if (!old) continue;
    const changed = INDICATOR_FIELDS.filter((f) => !indicatorFieldEquals(old, indicator, f));
    if (changed.length > 0) indicatorsChanged.push({ indicatorId: indicator.indicatorId, fields: changed });
  }
  const keptBefore = before.indicators.map((i) => i.indicatorId).filter((id) => current.has(id));
  const keptAfter = after.indicators.map((i) => i.indicatorId).filter((id) => previous.has(id));

  return {
    fields,
    indicatorsAdded: after.indicators.map((i) => i.indicatorId).filter((id) => !previous.has(id)),
    indicatorsRemoved: before.indicators.map((i) => i.indicatorId).filter((id) => !current.has(id)),
    indicatorsChanged,
    indicatorsReordered: keptBefore.some((id, index) => keptAfter[index] !== id),
  };
}

export function isEmptyDiff(diff: SheetContentDiff): boolean {
  return (
    diff.fields.length === 0 &&
    diff.indicatorsAdded.length === 0 &&
    diff.indicatorsRemoved.length === 0 &&
    diff.indicatorsChanged.length === 0 &&
    !diff.indicatorsReordered
  );
}
