import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import {
  type Actor,
  type CommandMetadata,
  DomainError,
  type Funding,
  type IndicatorChanges,
  type IndicatorInput,
  parseWanYuan,
  type SheetCommand,
  type SheetIndicator,
  sheetStreamId,
} from '@budget/domain';
import { StreamVersionConflictError } from '@budget/event-store';
import { uuidFromNames } from '@budget/platform';
import { commandMetadata, type RequestContext } from '../infrastructure/command-context';
import { SheetRow } from '../infrastructure/entities';
import { SheetRepository } from '../infrastructure/repositories';
import { type ImportWorkLimits, importWorkLimits } from '../import-table/import-limits';
import { OrganisationDirectory, type UnitInfo } from '../organisation/organisation.directory';
import { projectSheet, type SheetView } from '../sheets/sheet-view';
import { buildTemplate, readTemplate, type TemplateSheet, type UploadedProject } from './template-layout';

export type TemplateOutcome = 'created' | 'updated' | 'unchanged' | 'conflict' | 'rejected';

export interface TemplateProjectResult {
  readonly rows: { readonly from: number; readonly to: number };
  readonly projectName: string;
  readonly sheetId: string | null;
  readonly outcome: TemplateOutcome;
  readonly message: string | null;
  readonly downloadedVersion: number | null;
  readonly currentVersion: number | null;
  readonly version: number | null;
}

export interface TemplateUploadResult {
  readonly fiscalYear: number;
  readonly unitId: string;
  readonly counts: { readonly created: number; readonly updated: number; readonly unchanged: number; readonly conflicts: number; readonly rejected: number };
  readonly projects: readonly TemplateProjectResult[];
}

/** The sheets a template holds: those the unit can still change. */
const EDITABLE = ['draft', 'revision_requested'];

interface Content {
  readonly projectName: string;
  readonly funding: Funding;
  readonly goal: string;
  readonly indicators: readonly Omit<IndicatorInput, 'indicatorId'>[];
}

function sameContent(a: Content, b: Content): boolean {
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

/**
 * 填报模板: a unit's editable drafts of a year as an xlsx to fill offline, and the upload that
 * creates or updates drafts from it. Each project of the upload is decided on its own:
 * - its content equals the sheet's current content → unchanged (so a second upload of the same
 *   file changes nothing, whatever happened to versions in between);
 * - the sheet changed since the version the template was downloaded at → conflict, nothing of
 *   the project applied;
 * - otherwise its changes are applied in one append, against the downloaded version.
 * A new project (no 表编号) gets the id the import would give it (unit, year, name, occurrence),
 * so uploading it twice finds it the second time.
 */
@Injectable()
export class FillTemplateService {
  private readonly limits: ImportWorkLimits = importWorkLimits();

  constructor(
    private readonly sheets: SheetRepository,
    private readonly directory: OrganisationDirectory,
    @InjectRepository(SheetRow) private readonly rows: Repository<SheetRow>,
  ) {}

  /** The unit the caller fills for: a clerk's own; a department reviewer one of their department's; an admin any. */
  async unitFor(actor: Actor, requested: string | undefined): Promise<UnitInfo> {
    if (actor.role === 'unit_clerk') {
      if (requested !== undefined && requested !== actor.unitId) throw new DomainError('FORBIDDEN', '填报人只能下载和上传本单位的填报模板');
      const own = actor.unitId ? await this.directory.unit(actor.unitId) : null;
      if (!own) throw new DomainError('FORBIDDEN', '您的账号没有所属的资金使用单位');
      return own;
    }
    if (requested === undefined) {
      throw new DomainError('VALIDATION_FAILED', '输入有误，请按提示修改', { fieldErrors: [{ field: 'unitId', message: '请指定资金使用单位' }] });
    }
    const unit = await this.directory.unit(requested);
    if (!unit || (actor.role === 'department_reviewer' && actor.departmentId !== unit.departmentId)) {
      throw new DomainError('FORBIDDEN', '只能下载和上传本部门单位的填报模板');
    }
    return unit;
  }

  async download(actor: Actor, fiscalYear: number, requestedUnit: string | undefined): Promise<{ bytes: Buffer; fileName: string }> {
    const unit = await this.unitFor(actor, requestedUnit);
    const department = await this.directory.department(unit.departmentId);
    const rows = await this.rows.find({
      where: { unitId: unit.unitId, fiscalYear, status: In(EDITABLE) },
      order: { createdAt: 'ASC', sheetId: 'ASC' },
    });
    const sheets: TemplateSheet[] = rows.map((r) => {
      const view = r.state as SheetView;
      return {
        sheetId: view.sheetId,
        version: view.version,
        projectName: view.projectName,
        funding: { fiscalAppropriation: view.fundingFen.fiscalAppropriation, specialAccountAppropriation: view.fundingFen.specialAccountAppropriation, otherFunds: view.fundingFen.otherFunds },
        goal: view.goal,
        indicators: view.indicators.map(plain),
      };
    });
    const bytes = await buildTemplate(
      { fiscalYear, unitId: unit.unitId, unitName: unit.name, departmentName: department?.name ?? '', downloadedAt: new Date().toISOString() },
      sheets,
    );
    return { bytes, fileName: `填报模板-${unit.name}-${fiscalYear}.xlsx` };
  }

  async upload(ctx: RequestContext, bytes: Buffer, requestedUnit: string | undefined): Promise<TemplateUploadResult> {
    // Who may upload for which unit is decided before the workbook is read.
    const unit = await this.unitFor(ctx.actor, requestedUnit);
    const template = readTemplate(bytes, this.limits.xlsx);
    if (template.unitId !== unit.unitId) {
      throw new DomainError('FORBIDDEN', '该模板不是本单位的填报模板，未作任何修改');
    }
    const projects = template.projects;
    if (projects.length > this.limits.table.maxRows) throw new DomainError('TOO_LARGE', `模板中的项目超过${this.limits.table.maxRows}个`);
    const indicatorCount = projects.reduce((n, p) => n + p.indicators.length, 0);
    if (indicatorCount > this.limits.table.maxIndicators) throw new DomainError('TOO_LARGE', `模板中的绩效指标超过${this.limits.table.maxIndicators}条`);

    const results: TemplateProjectResult[] = [];
    const occurrences = new Map<string, number>();
    for (const project of projects) {
      let occurrence = 0;
      if (project.sheetId === null) {
        occurrence = (occurrences.get(project.projectName) ?? 0) + 1;
        occurrences.set(project.projectName, occurrence);
      }
      results.push(await this.applyProject(ctx, unit, template.fiscalYear, project, occurrence));
    }
    const count = (o: TemplateOutcome) => results.filter((r) => r.outcome === o).length;
    return {
      fiscalYear: template.fiscalYear,
      unitId: unit.unitId,
      counts: { created: count('created'), updated: count('updated'), unchanged: count('unchanged'), conflicts: count('conflict'), rejected: count('rejected') },
      projects: results,
    };
  }

  private async applyProject(ctx: RequestContext, unit: UnitInfo, fiscalYear: number, project: UploadedProject, occurrence: number): Promise<TemplateProjectResult> {
    const base = { rows: { ...project.rows }, projectName: project.projectName, downloadedVersion: project.downloadedVersion };
    const result = (outcome: TemplateOutcome, sheetId: string | null, message: string | null, currentVersion: number | null, version: number | null): TemplateProjectResult => ({
      ...base,
      sheetId,
      outcome,
      message,
      currentVersion,
      version,
    });
    const problems = [...project.problems];
    const funding = readFunding(project, problems);
    if (project.projectName === '') problems.push('项目名称为空');
    if (problems.length > 0 || !funding) return result('rejected', project.sheetId, `${problems.join('；')}。该项目未作修改`, null, null);
    const desired: Content = { projectName: project.projectName, funding, goal: project.goal, indicators: project.indicators };

    const sheetId = project.sheetId ?? uuidFromNames('sheet', unit.departmentId, unit.unitId, String(fiscalYear), project.projectName, String(occurrence));
    const loaded = await this.sheets.load(sheetStreamId(sheetId));
    const meta = commandMetadata(ctx);
    const { state, version } = loaded;
    // Authorized before anything about the sheet is compared or told: another unit's id reads as unknown.
    if (state.status !== 'empty' && (state.content.unitId !== unit.unitId || state.content.fiscalYear !== fiscalYear)) {
      return result('rejected', project.sheetId, project.sheetId ? '表编号无效或不属于本单位本年度，该项目未作修改' : '同名项目已属于其他单位或年度，该项目未作修改', null, null);
    }
    if (state.status === 'empty') {
      if (project.sheetId !== null) return result('rejected', project.sheetId, '表编号无效或不属于本单位本年度，该项目未作修改', null, null);
      return this.create(meta, unit, fiscalYear, sheetId, desired, project, result);
    }
    const current = { projectName: state.content.projectName, funding: state.content.funding, goal: state.content.goal, indicators: state.content.indicators.map(plain) };
    if (sameContent(current, desired)) return result('unchanged', sheetId, null, version, version);
    if (project.sheetId === null) {
      return result('conflict', sheetId, `本单位已有同名项目“${project.projectName}”（版本${version}），未新建；如要修改该项目，请重新下载模板后在它的行中修改`, version, null);
    }
    if (project.downloadedVersion !== version) {
      return result('conflict', sheetId, `下载模板后该项目已被修改（下载时版本${project.downloadedVersion ?? '?'}，当前版本${version}），本项目的修改未保存；请重新下载模板，核对后再填写`, version, null);
    }
    const commands = changeCommands(sheetId, current, desired, project, meta);
    try {
      const executed = await this.sheets.execute(sheetStreamId(sheetId), commands, {
        expectedVersion: version,
        project: (client, s, v) => (s.status === 'empty' ? Promise.resolve() : projectSheet(client, s, v, meta.now)),
      });
      return result('updated', sheetId, null, version, executed.version);
    } catch (e) {
      if (e instanceof StreamVersionConflictError) {
        return result('conflict', sheetId, `保存时该项目正被他人修改（版本${e.actualVersion}），本项目的修改未保存；请重新下载模板`, e.actualVersion, null);
      }
      if (e instanceof DomainError) return result('rejected', sheetId, `${messageOf(e)}。该项目未作修改`, version, null);
      throw e;
    }
  }

  private async create(
    meta: CommandMetadata,
    unit: UnitInfo,
    fiscalYear: number,
    sheetId: string,
    desired: Content,
    project: UploadedProject,
    result: (outcome: TemplateOutcome, sheetId: string | null, message: string | null, currentVersion: number | null, version: number | null) => TemplateProjectResult,
  ): Promise<TemplateProjectResult> {
    try {
      const executed = await this.sheets.execute(
        sheetStreamId(sheetId),
        {
          type: 'CreateDraft',
          data: {
            sheetId,
            fiscalYear,
            departmentId: unit.departmentId,
            unitId: unit.unitId,
            projectName: desired.projectName,
            funding: desired.funding,
            goal: desired.goal,
            indicators: desired.indicators.map((i, n) => ({ ...fields(i), indicatorId: uuidFromNames('indicator', sheetId, String(n + 1)) })),
          },
          metadata: meta,
        },
        { expectedVersion: 0, project: (client, s, v) => (s.status === 'empty' ? Promise.resolve() : projectSheet(client, s, v, meta.now)) },
      );
      return result('created', sheetId, null, null, executed.version);
    } catch (e) {
      if (e instanceof StreamVersionConflictError) {
        return result('conflict', sheetId, `本单位已有同名项目“${project.projectName}”，未新建；请重新下载模板`, e.actualVersion, null);
      }
      if (e instanceof DomainError) return result('rejected', null, `${messageOf(e)}。该项目未新建`, null, null);
      throw e;
    }
  }
}

/** An indicator as the clerk typed it: target values as their text. */
function plain(i: SheetIndicator): IndicatorInput {
  return { indicatorId: i.indicatorId, level1: i.level1, level2: i.level2, name: i.name, periodTarget: i.periodTarget.text, annualTarget: i.annualTarget.text };
}

function fields(i: Omit<IndicatorInput, 'indicatorId'>): Omit<IndicatorInput, 'indicatorId'> {
  return { level1: i.level1, level2: i.level2, name: i.name, periodTarget: i.periodTarget, annualTarget: i.annualTarget };
}

function messageOf(e: DomainError): string {
  const fieldErrors = e.details.fieldErrors ?? [];
  return fieldErrors.length > 0 ? `${e.message}：${fieldErrors.map((f) => `${f.field} ${f.message}`).join('；')}` : e.message;
}

function readFunding(project: UploadedProject, problems: string[]): Funding | null {
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
function changeCommands(sheetId: string, current: Omit<Content, 'indicators'> & { readonly indicators: readonly IndicatorInput[] }, desired: Content, project: UploadedProject, metadata: CommandMetadata): SheetCommand[] {
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
