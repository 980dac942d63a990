import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { OrganisationDirectory } from '../../infrastructure/organisation-directory';
import { SheetReadModel } from '../../infrastructure/sheet-read-model';
import { DownloadTemplateQuery, type TemplateFile } from './download-template.query';
import { plain } from './template-changes';
import { buildTemplate, type TemplateSheet } from './template-layout';
import { templateUnit } from './template-unit';

/** The sheets a template holds: those the unit can still change. */
export const EDITABLE_STATUSES = ['draft', 'revision_requested'];

@QueryHandler(DownloadTemplateQuery)
export class DownloadTemplateHandler implements IQueryHandler<DownloadTemplateQuery> {
  constructor(
    private readonly directory: OrganisationDirectory,
    private readonly sheets: SheetReadModel,
  ) {}

  async execute({ actor, fiscalYear, unitId }: DownloadTemplateQuery): Promise<TemplateFile> {
    const unit = await templateUnit(this.directory, actor, unitId);
    const department = await this.directory.department(unit.departmentId);
    const views = await this.sheets.ofUnit(unit.unitId, fiscalYear, EDITABLE_STATUSES);
    const sheets: TemplateSheet[] = views.map((view) => ({
      sheetId: view.sheetId,
      version: view.version,
      projectName: view.projectName,
      funding: { fiscalAppropriation: view.fundingFen.fiscalAppropriation, specialAccountAppropriation: view.fundingFen.specialAccountAppropriation, otherFunds: view.fundingFen.otherFunds },
      goal: view.goal,
      indicators: view.indicators.map(plain),
    }));
    const bytes = await buildTemplate(
      { fiscalYear, unitId: unit.unitId, unitName: unit.name, departmentName: department?.name ?? '', downloadedAt: new Date().toISOString() },
      sheets,
    );
    return { bytes, fileName: `填报模板-${unit.name}-${fiscalYear}.xlsx` };
  }
}
