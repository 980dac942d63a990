/**
 * The editor's state and what follows from it, without React: the content the rules see, the
 * writes a save sends, and a reload that keeps the clerk's edits on top of the server's state.
 */
import {
  evaluateRules,
  type Finding,
  FUNDING_FIELDS,
  type FundingField,
  fundingTotal,
  INDICATOR_FIELDS,
  type ParseResult,
  parseWanYuan,
  type SheetContent,
  targetValue,
  type Fen,
} from '@budget/domain';
import type { SheetView, SheetWrite } from './sheets-api';

export interface DraftIndicator {
  readonly indicatorId: string;
  readonly level1: string;
  readonly level2: string;
  readonly name: string;
  readonly periodTarget: string;
  readonly annualTarget: string;
}

export type TextField = Exclude<keyof DraftIndicator, 'indicatorId'>;
const TEXT_FIELDS: readonly TextField[] = INDICATOR_FIELDS;

export interface EditorDraft {
  readonly projectName: string;
  readonly goal: string;
  readonly funding: Readonly<Record<FundingField, string>>;
  readonly indicators: readonly DraftIndicator[];
}

export function newIndicatorId(): string {
  const c = globalThis.crypto as Crypto | undefined;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `ind-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
}

export function emptyIndicator(): DraftIndicator {
  return { indicatorId: newIndicatorId(), level1: '', level2: '', name: '', periodTarget: '', annualTarget: '' };
}

export function draftOf(view: SheetView): EditorDraft {
  return {
    projectName: view.projectName,
    goal: view.goal,
    funding: { fiscalAppropriation: view.funding.fiscalAppropriation, specialAccountAppropriation: view.funding.specialAccountAppropriation, otherFunds: view.funding.otherFunds },
    indicators: view.indicators.map((i) => ({ indicatorId: i.indicatorId, level1: i.level1, level2: i.level2, name: i.name, periodTarget: i.periodTarget.text, annualTarget: i.annualTarget.text })),
  };
}

/** What the clerk typed in an amount field: blank is 0 (the published table leaves zeros blank). */
export function parseAmount(text: string): ParseResult<Fen> {
  return parseWanYuan(text, { blankIsZero: true });
}

export function amountErrors(draft: EditorDraft): Partial<Record<FundingField, string>> {
  const out: Partial<Record<FundingField, string>> = {};
  for (const f of FUNDING_FIELDS) {
    const parsed = parseAmount(draft.funding[f]);
    if (!parsed.ok) out[f] = parsed.message;
  }
  return out;
}

/** 总计 in 分, or null while any part is not a valid amount. */
export function draftTotal(funding: EditorDraft['funding']): Fen | null {
  const parts = FUNDING_FIELDS.map((f) => parseAmount(funding[f]));
  if (parts.some((p) => !p.ok)) return null;
  const [a, b, c] = parts.map((p) => (p.ok ? p.value : 0));
  return fundingTotal({ fiscalAppropriation: a ?? 0, specialAccountAppropriation: b ?? 0, otherFunds: c ?? 0 });
}

function fenOf(text: string): Fen {
  const parsed = parseAmount(text);
  return parsed.ok ? parsed.value : 0;
}

/** The content the rule catalogue sees: exactly what would be stored if the draft were saved. */
export function contentOf(view: SheetView, draft: EditorDraft): SheetContent {
  return {
    sheetId: view.sheetId,
    fiscalYear: view.fiscalYear,
    departmentId: view.departmentId,
    unitId: view.unitId,
    projectName: draft.projectName,
    goal: draft.goal,
    funding: { fiscalAppropriation: fenOf(draft.funding.fiscalAppropriation), specialAccountAppropriation: fenOf(draft.funding.specialAccountAppropriation), otherFunds: fenOf(draft.funding.otherFunds) },
    indicators: draft.indicators.map((i) => ({ indicatorId: i.indicatorId, level1: i.level1, level2: i.level2, name: i.name, periodTarget: targetValue(i.periodTarget), annualTarget: targetValue(i.annualTarget) })),
  };
}

export function findingsOf(view: SheetView, draft: EditorDraft): Finding[] {
  return evaluateRules(contentOf(view, draft));
}

/** The content of a sheet as the service holds it. */
export function contentOfView(view: SheetView): SheetContent {
  const { total: _total, ...funding } = view.fundingFen;
  return { sheetId: view.sheetId, fiscalYear: view.fiscalYear, departmentId: view.departmentId, unitId: view.unitId, projectName: view.projectName, goal: view.goal, funding, indicators: view.indicators };
}

function fundingChanged(base: SheetView, draft: EditorDraft): boolean {
  return FUNDING_FIELDS.some((f) => fenOf(draft.funding[f]) !== base.fundingFen[f]);
}

/** The writes that turn `base` (the server's sheet at the version we hold) into the draft, in the order they must go. */
export function planWrites(base: SheetView, draft: EditorDraft): SheetWrite[] {
  const writes: SheetWrite[] = [];
  const changes: { projectName?: string; goal?: string; funding?: EditorDraft['funding'] } = {};
  if (draft.projectName !== base.projectName) changes.projectName = draft.projectName;
  if (draft.goal !== base.goal) changes.goal = draft.goal;
  if (fundingChanged(base, draft)) changes.funding = { fiscalAppropriation: draft.funding.fiscalAppropriation.trim(), specialAccountAppropriation: draft.funding.specialAccountAppropriation.trim(), otherFunds: draft.funding.otherFunds.trim() };
  if (Object.keys(changes).length > 0) writes.push({ kind: 'edit', changes });

  const mine = new Map(draft.indicators.map((i) => [i.indicatorId, i]));
  const theirs = new Map(draftOf(base).indicators.map((i) => [i.indicatorId, i]));
  for (const id of theirs.keys()) if (!mine.has(id)) writes.push({ kind: 'remove', indicatorId: id });
  for (const indicator of draft.indicators) {
    const old = theirs.get(indicator.indicatorId);
    if (!old) continue;
    const changed: Partial<Record<TextField, string>> = {};
    for (const f of TEXT_FIELDS) if (indicator[f] !== old[f]) changed[f] = indicator[f];
    if (Object.keys(changed).length > 0) writes.push({ kind: 'change', indicatorId: indicator.indicatorId, changes: changed });
  }
  const added = draft.indicators.filter((i) => !theirs.has(i.indicatorId));
  for (const indicator of added) writes.push({ kind: 'add', indicator });
  // Where the server will have them after the writes above: kept ones in its order, then the added ones.
  const after = [...base.indicators.map((i) => i.indicatorId).filter((id) => mine.has(id)), ...added.map((i) => i.indicatorId)];
  const wanted = draft.indicators.map((i) => i.indicatorId);
  if (after.some((id, n) => wanted[n] !== id)) writes.push({ kind: 'order', indicatorIds: wanted });
  return writes;
}

export function isDirty(base: SheetView, draft: EditorDraft): boolean {
  return planWrites(base, draft).length > 0;
}

/**
 * Reload after a conflict without losing the clerk's typing: start from the server's sheet and put
 * on top what the clerk changed since `base` (field by field, indicator by indicator). An
 * indicator the clerk removed stays removed; one the clerk added stays, at the end.
 */
export function rebase(base: SheetView, draft: EditorDraft, server: SheetView): EditorDraft {
  const old = draftOf(base);
  const theirs = draftOf(server);
  const pick = <T>(mineValue: T, baseValue: T, serverValue: T): T => (mineValue !== baseValue ? mineValue : serverValue);
  const funding = { ...theirs.funding };
  for (const f of FUNDING_FIELDS) funding[f] = fenOf(draft.funding[f]) !== base.fundingFen[f] ? draft.funding[f] : theirs.funding[f];

  const baseById = new Map(old.indicators.map((i) => [i.indicatorId, i]));
  const mineById = new Map(draft.indicators.map((i) => [i.indicatorId, i]));
  const serverIds = new Set(theirs.indicators.map((i) => i.indicatorId));
  const merged: DraftIndicator[] = [];
  for (const s of theirs.indicators) {
    const b = baseById.get(s.indicatorId);
    const m = mineById.get(s.indicatorId);
    if (!b) {
      merged.push(s); // added meanwhile by someone else
      continue;
    }
    if (!m) continue; // removed by the clerk
    const out: Record<TextField, string> = { ...s };
    for (const f of TEXT_FIELDS) out[f] = pick(m[f], b[f], s[f]);
    merged.push({ indicatorId: s.indicatorId, ...out });
  }
  for (const m of draft.indicators) {
    const b = baseById.get(m.indicatorId);
    if (serverIds.has(m.indicatorId)) continue;
    // New in the draft, or removed meanwhile on the server but edited by the clerk: keep the typing.
    if (!b || TEXT_FIELDS.some((f) => m[f] !== b[f])) merged.push(b ? { ...m, indicatorId: newIndicatorId() } : m);
  }
  return {
    projectName: pick(draft.projectName, old.projectName, theirs.projectName),
    goal: pick(draft.goal, old.goal, theirs.goal),
    funding,
    indicators: merged,
  };
}
