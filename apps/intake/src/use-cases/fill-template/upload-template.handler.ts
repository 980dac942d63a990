import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandMetadata, DomainError } from '@budget/domain';
import { StreamVersionConflictError } from '@budget/event-store';
import { uuidFromNames } from '@budget/platform';
import { commandMetadata, type RequestContext } from '../../infrastructure/command-context';
import { OrganisationDirectory, type UnitInfo } from '../../infrastructure/organisation-directory';
import { SheetRepository } from '../../infrastructure/repositories';
import { importWorkLimits, type ImportWorkLimits } from '@budget/table-files';
import { changeCommands, type Content, fields, messageOf, plain, readFunding, sameContent } from './template-changes';
import { readTemplate, type UploadedProject } from './template-reading';
import { templateUnit } from './template-unit';
import { type TemplateOutcome, type TemplateProjectResult, type TemplateUploadResult, UploadTemplateCommand } from './upload-template.command';

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
@CommandHandler(UploadTemplateCommand)
export class UploadTemplateHandler implements ICommandHandler<UploadTemplateCommand> {
  private readonly limits: ImportWorkLimits = importWorkLimits();

  constructor(
    private readonly sheets: SheetRepository,
    private readonly directory: OrganisationDirectory,
  ) {}

  async execute({ ctx, workbook: bytes, unitId: requestedUnit }: UploadTemplateCommand): Promise<TemplateUploadResult> {
    // Who may upload for which unit is decided before the workbook is read.
    const unit = await templateUnit(this.directory, ctx.actor, requestedUnit);
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
    const loaded = await this.sheets.load(sheetId);
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
      const executed = await this.sheets.execute(sheetId, commands, { expectedVersion: version });
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
        sheetId,
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
        { expectedVersion: 0 },
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
