import {
  type CommandMetadata,
  type DomainError,
  type Funding,
  type IndicatorChanges,
  type IndicatorInput,
  parseWanYuan,
  type SheetCommand,
  type SheetIndicator,
} from '@budget/domain';
import { uuidFromNames } from '@budget/platform';
import type { UploadedProject } from './template-reading';

/** What a template says of a project, and what the sheet holds, compared field by field. */
export interface Content {
  readonly projectName: string;
  readonly funding: Funding;
  readonly goal: string;
  readonly indicators: readonly Omit<IndicatorInput, 'indicatorId'>[];
}

export function sameContent(a: Content, b: Content): boolean {
  const indicator = (i: Content['indicators'][number]) => [i.level1, i.level2, i.name, i.periodTarget, i.annualTarget].map((s) => s.trim()).join('\u0000');
  return (
    a.projectName.trim() === b.projectName.trim() &&
    a.goal.trim() === b.goal.trim() &&
    a.funding.fiscalAppropriation === b.funding.fiscalAppropriation &&
    a.funding.specialAccountAppropriation === b.funding.specialAccountAppropriation &&
    a.funding.otherFunds === b.funding.otherFunds &&
    a.indicators.length === b.indicators.length &&
    a.indicators.every((x, i) => { const y = b.indicators[i]; return y !== undefined && indicator(x) === indicator(y); })
  );
}

/** An indicator as the clerk typed it: target values as their text. */
export function plain(i: SheetIndicator): IndicatorInput {
  return { indicatorId: i.indicatorId, level1: i.level1, level2: i.level2, name: i.name, periodTarget: i.periodTarget.text, annualTarget: i.annualTarget.text };
}

export function fields(i: Omit<IndicatorInput, 'indicatorId'>): Omit<IndicatorInput, 'indicatorId'> {
  return { level1: i.level1, level2: i.level2, name: i.name, periodTarget: i.periodTarget, annualTarget: i.annualTarget };
}

export function messageOf(e: DomainError): string {
  const fieldErrors = e.details.fieldErrors ?? [];
  return fieldErrors.length > 0 ? `${e.message}：${fieldErrors.map((f) => `${f.field} ${f.message}`).join('；')}` : e.message;
}

export function readFunding(project: UploadedProject, problems: string[]): Funding | null {
  const amount = (raw: string, label: string): number => {
    const r = parseWanYuan(raw, { blankIsZero: true });
    if (r.ok) return r.value;
    problems.push(`第${project.rows.from}行的${label}：${r.message}`);
    return 0;
  };
  const funding = {
    fiscalAppropriation: amount(project.amounts.fiscal, '财政拨款'),
    specialAccountAppropriation: amount(project.amounts.special, '财政专户拨款'),
    otherFunds: amount(project.amounts.other, '其他资金'),
  };
  return problems.length > 0 ? null : funding;
}

/** The commands that take the sheet from its content to the uploaded one: fields, then indicators by id, then their order. */
export function changeCommands(sheetId: string, current: Omit<Content, 'indicators'> & { readonly indicators: readonly IndicatorInput[] }, desired: Content, project: UploadedProject, metadata: CommandMetadata): SheetCommand[] {
  const out: SheetCommand[] = [];
  if (desired.projectName !== current.projectName) out.push({ type: 'RenameProject', data: { sheetId, projectName: desired.projectName }, metadata });
  if (desired.goal !== current.goal) out.push({ type: 'ChangeGoal', data: { sheetId, goal: desired.goal }, metadata });
  const f = desired.funding;
  const g = current.funding;
  if (f.fiscalAppropriation !== g.fiscalAppropriation || f.specialAccountAppropriation !== g.specialAccountAppropriation || f.otherFunds !== g.otherFunds) {
    out.push({ type: 'ChangeFunding', data: { sheetId, funding: f }, metadata });
  }
  const byId = new Map(current.indicators.map((i) => [i.indicatorId, i]));
  const kept = new Set<string>();
  const order: string[] = [];
  const added: string[] = [];
  project.indicators.forEach((row) => {
    const existing = row.indicatorId !== null && !kept.has(row.indicatorId) ? byId.get(row.indicatorId) : undefined;
    if (existing) {
      kept.add(existing.indicatorId);
      order.push(existing.indicatorId);
      const changes: IndicatorChanges = Object.fromEntries(
        (['level1', 'level2', 'name', 'periodTarget', 'annualTarget'] as const).filter((k) => row[k] !== existing[k].trim()).map((k) => [k, row[k]]),
      );
      if (Object.keys(changes).length > 0) out.push({ type: 'ChangeIndicator', data: { sheetId, indicatorId: existing.indicatorId, changes }, metadata });
    } else {
      // A new row (or a copied one whose id is taken): a new indicator, its id from the row it came from.
      const indicatorId = uuidFromNames('indicator', sheetId, 'template', String(project.downloadedVersion ?? 0), String(row.row));
      order.push(indicatorId);
      added.push(indicatorId);
      out.push({ type: 'AddIndicator', data: { ...fields(row), sheetId, indicatorId }, metadata });
    }
  });
  const remaining = current.indicators.filter((i) => kept.has(i.indicatorId)).map((i) => i.indicatorId);
  for (const i of current.indicators) if (!kept.has(i.indicatorId)) out.push({ type: 'RemoveIndicator', data: { sheetId, indicatorId: i.indicatorId }, metadata });
  const after = [...remaining, ...added];
  if (after.some((id, n) => id !== order[n])) out.push({ type: 'ReorderIndicators', data: { sheetId, indicatorIds: order }, metadata });
  return out;
}
