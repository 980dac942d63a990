import {
  diffSheetContent,
  FUNDING_FIELDS,
  formatWanYuan,
  fundingTotal,
  INDICATOR_FIELDS,
  parseWanYuan,
  targetValue,
  type Fen,
  type Funding,
  type FundingField,
  type IndicatorField,
  type SheetContent,
  type SheetContentDiff,
  type IndicatorInput,
  type SheetIndicator,
} from '@budget/domain';
import type { SheetView } from './fill-api';

/** An indicator row as the clerk types it: every value is text, targets included (the API's input of an indicator). */
export type DraftIndicator = IndicatorInput;

/** What the editor holds: the sheet's editable content as typed. */
export interface Draft {
  readonly projectName: string;
  readonly goal: string;
  /** 万元 as typed ("30", "30.00", "0.1"). */
  readonly funding: Readonly<Record<FundingField, string>>;
  readonly indicators: readonly DraftIndicator[];
}

/** A saved indicator as the clerk types it (the texts of its targets; the editor parses them again). */
export function draftIndicatorOf(i: SheetView['indicators'][number]): DraftIndicator {
  return { indicatorId: i.indicatorId, level1: i.level1, level2: i.level2, name: i.name, periodTarget: i.periodTarget.text, annualTarget: i.annualTarget.text };
}

export function draftOf(sheet: SheetView): Draft {
  return {
    projectName: sheet.projectName,
    goal: sheet.goal,
    funding: {
      fiscalAppropriation: sheet.funding.fiscalAppropriation,
      specialAccountAppropriation: sheet.funding.specialAccountAppropriation,
      otherFunds: sheet.funding.otherFunds,
    },
    indicators: sheet.indicators.map(draftIndicatorOf),
  };
}

/** The clerk's amount text read by the domain: a blank amount is 0, as in the published table. */
export function readAmount(text: string): { ok: true; value: Fen } | { ok: false; message: string } {
  return parseWanYuan(text, { blankIsZero: true });
}

export function amountError(text: string): string | null {
  const r = readAmount(text);
  return r.ok ? null : r.message;
}

/** The amounts as 分, or null when any of them is not a valid amount. */
export function draftFunding(draft: Draft): Funding | null {
  const out: Partial<Record<FundingField, Fen>> = {};
  for (const key of FUNDING_FIELDS) {
    const r = readAmount(draft.funding[key]);
    if (!r.ok) return null;
    out[key] = r.value;
  }
  return out as Funding;
}

/** 总计, derived exactly; null while an amount is invalid. */
export function draftTotal(draft: Draft): string | null {
  const funding = draftFunding(draft);
  return funding ? formatWanYuan(fundingTotal(funding)) : null;
}

function savedFunding(sheet: SheetView): Funding {
  const read = (text: string) => {
    const r = readAmount(text);
    return r.ok ? r.value : 0;
  };
  return {
    fiscalAppropriation: read(sheet.funding.fiscalAppropriation),
    specialAccountAppropriation: read(sheet.funding.specialAccountAppropriation),
    otherFunds: read(sheet.funding.otherFunds),
  };
}

export function indicatorOf(i: DraftIndicator): SheetIndicator {
  // As the sheet decider does (toIndicator): labels as entered, targets parsed by the domain.
  return { indicatorId: i.indicatorId, level1: i.level1, level2: i.level2, name: i.name, periodTarget: targetValue(i.periodTarget), annualTarget: targetValue(i.annualTarget) };
}

/**
 * The SheetContent the rules see: the saved sheet with the draft on top. An amount that does not
 * parse keeps its saved value (that is what the server would still hold).
 */
export function contentOf(sheet: SheetView, draft: Draft = draftOf(sheet)): SheetContent {
  const saved = savedFunding(sheet);
  const funding = { ...saved };
  for (const key of FUNDING_FIELDS) {
    const r = readAmount(draft.funding[key]);
    if (r.ok) funding[key] = r.value;
  }
  return {
    sheetId: sheet.sheetId,
    fiscalYear: sheet.fiscalYear,
    departmentId: sheet.departmentId,
    unitId: sheet.unitId,
    projectName: draft.projectName,
    funding,
    goal: draft.goal,
    indicators: draft.indicators.map(indicatorOf),
  };
}

/** What differs between the saved sheet and the draft, in the domain's own terms. */
export function changesOf(sheet: SheetView, draft: Draft): SheetContentDiff {
  return diffSheetContent(contentOf(sheet), contentOf(sheet, draft));
}

export function hasChanges(sheet: SheetView, draft: Draft): boolean {
  const d = changesOf(sheet, draft);
  return d.fields.length + d.indicatorsAdded.length + d.indicatorsRemoved.length + d.indicatorsChanged.length > 0 || d.indicatorsReordered;
}

/** One request of a save; run in order, each with the version the previous one returned. */
export type SaveStep =
  | { readonly kind: 'patch'; readonly json: { projectName?: string; goal?: string; funding?: Record<FundingField, string> } }
  | { readonly kind: 'remove'; readonly indicatorId: string }
  | { readonly kind: 'change'; readonly indicatorId: string; readonly json: Partial<Omit<DraftIndicator, 'indicatorId'>> }
  | { readonly kind: 'add'; readonly json: DraftIndicator }
  | { readonly kind: 'order'; readonly indicatorIds: readonly string[] };

/** The requests that make the saved sheet equal to the draft (only what changed). */
export function planSave(sheet: SheetView, draft: Draft): SaveStep[] {
  const diff = changesOf(sheet, draft);
  const steps: SaveStep[] = [];
  const patch: { projectName?: string; goal?: string; funding?: Record<FundingField, string> } = {};
  if (diff.fields.includes('projectName')) patch.projectName = draft.projectName;
  if (diff.fields.includes('goal')) patch.goal = draft.goal;
  if (diff.fields.some((f) => f.startsWith('funding.'))) {
    const funding = draftFunding(draft);
    if (funding) {
      patch.funding = {
        fiscalAppropriation: formatWanYuan(funding.fiscalAppropriation),
        specialAccountAppropriation: formatWanYuan(funding.specialAccountAppropriation),
        otherFunds: formatWanYuan(funding.otherFunds),
      };
    }
  }
  if (Object.keys(patch).length > 0) steps.push({ kind: 'patch', json: patch });
  for (const id of diff.indicatorsRemoved) steps.push({ kind: 'remove', indicatorId: id });
  const byId = new Map(draft.indicators.map((i) => [i.indicatorId, i]));
  for (const change of diff.indicatorsChanged) {
    const row = byId.get(change.indicatorId);
    if (!row) continue;
    const json: Partial<Record<IndicatorField, string>> = {};
    for (const f of change.fields) json[f] = row[f];
    steps.push({ kind: 'change', indicatorId: change.indicatorId, json });
  }
  for (const id of diff.indicatorsAdded) {
    const row = byId.get(id);
    if (row) steps.push({ kind: 'add', json: row });
  }
  // After removals and additions (appended), the server's order; reorder when it is not the draft's.
  const removed = new Set(diff.indicatorsRemoved);
  const serverOrder = [...sheet.indicators.map((i) => i.indicatorId).filter((id) => !removed.has(id)), ...diff.indicatorsAdded];
  const wanted = draft.indicators.map((i) => i.indicatorId);
  if (serverOrder.some((id, index) => wanted[index] !== id)) steps.push({ kind: 'order', indicatorIds: wanted });
  return steps;
}

/**
 * 重新载入: the server's current sheet with the clerk's unsaved edits (relative to the version the
 * editor was opened at) applied on top, so nothing typed is lost.
 */
export function rebase(opened: SheetView, draft: Draft, current: SheetView): Draft {
  const mine = draftOf(opened);
  const theirs = draftOf(current);
  const funding = { ...theirs.funding };
  for (const key of FUNDING_FIELDS) if (draft.funding[key] !== mine.funding[key]) funding[key] = draft.funding[key];
  const openedById = new Map(mine.indicators.map((i) => [i.indicatorId, i]));
  const draftIds = new Set(draft.indicators.map((i) => i.indicatorId));
  const draftById = new Map(draft.indicators.map((i) => [i.indicatorId, i]));
  // Theirs, minus what I removed, with my field edits on top.
  let rows: DraftIndicator[] = theirs.indicators
    .filter((i) => !(openedById.has(i.indicatorId) && !draftIds.has(i.indicatorId)))
    .map((i) => {
      const before = openedById.get(i.indicatorId);
      const after = draftById.get(i.indicatorId);
      if (!before || !after) return i;
      const merged = { ...i };
      for (const f of INDICATOR_FIELDS) if (after[f] !== before[f]) merged[f] = after[f];
      return merged;
    });
  // Plus what I added.
  const added = draft.indicators.filter((i) => !openedById.has(i.indicatorId));
  rows = [...rows, ...added];
  // My order where I changed it: the rows I have, in my order; theirs-only rows stay after.
  const reordered = diffSheetContent(contentOf(opened), contentOf(opened, draft)).indicatorsReordered;
  if (reordered) {
    const mineOrder = draft.indicators.map((i) => i.indicatorId);
    const position = (id: string) => {
      const p = mineOrder.indexOf(id);
      return p < 0 ? Number.MAX_SAFE_INTEGER : p;
    };
    rows = [...rows].sort((a, b) => position(a.indicatorId) - position(b.indicatorId));
  }
  return {
    projectName: draft.projectName !== mine.projectName ? draft.projectName : theirs.projectName,
    goal: draft.goal !== mine.goal ? draft.goal : theirs.goal,
    funding,
    indicators: rows,
  };
}

/** A new indicator row with an id made here (the API accepts the client's id). */
export function newIndicator(): DraftIndicator {
  return { indicatorId: newId(), level1: '', level2: '', name: '', periodTarget: '', annualTarget: '' };
}

function newId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  const bytes = new Uint8Array(16);
  if (c) c.getRandomValues(bytes);
  else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
