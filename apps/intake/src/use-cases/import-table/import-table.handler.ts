import { createHash } from 'node:crypto';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandMetadata, formatWanYuan, fundingTotal, type PublishedProject, sumFen } from '@budget/domain';
import { StreamVersionConflictError } from '@budget/event-store';
import { uuidFromNames } from '@budget/platform';
import { commandMetadata } from '../../infrastructure/command-context';
import { ImportLog } from '../../infrastructure/import-log';
import { departmentIdFor } from '../../infrastructure/organisation-directory';
import { DepartmentRepository, SheetRepository } from '../../infrastructure/repositories';
import { ensureDepartment, ensureUnit } from '../../organisation/organisation';
import { importWorkLimits, type ImportWorkLimits } from '@budget/table-files';
import { ImportTableCommand, type ImportSummary } from './import-table.command';
import { authorizeDepartment, readTable } from './read-table';

interface DraftOfProject {
  readonly sheetId: string;
  readonly departmentId: string;
  readonly unitId: string;
  readonly fiscalYear: number;
  readonly importId: string;
  readonly project: PublishedProject;
}

/**
 * Reads a published table and creates the department, its units and one draft per project,
 * every cell preserved. Ids follow from names, so a second import of the same table finds
 * everything present and creates nothing.
 */
@CommandHandler(ImportTableCommand)
export class ImportTableHandler implements ICommandHandler<ImportTableCommand> {
  private readonly limits: ImportWorkLimits = importWorkLimits();

  constructor(
    private readonly departments: DepartmentRepository,
    private readonly sheets: SheetRepository,
    private readonly imports: ImportLog,
  ) {}

  async execute({ ctx, source, fiscalYear }: ImportTableCommand): Promise<ImportSummary> {
    const { table, issues } = readTable(ctx.actor, source, this.limits);
    const departmentId = departmentIdFor(table.departmentName.trim());
    authorizeDepartment(ctx.actor, table.departmentName);
    const contentSha256 = createHash('sha256')
      .update(source.kind === 'text' ? source.text : source.bytes)
      .digest('hex');
    const importId = uuidFromNames('import', departmentId, String(fiscalYear), contentSha256);

    const { department, created: departmentCreated } = await ensureDepartment(this.departments, commandMetadata(ctx), table.departmentName);
    const units: ImportSummary['units'][number][] = [];
    const sheets: ImportSummary['sheets'][number][] = [];
    for (const unit of table.units) {
      const { unitId, created } = await ensureUnit(this.departments, commandMetadata(ctx), department.departmentId, unit.name);
      const seen = new Map<string, number>();
      for (const project of unit.projects) {
        // Two projects of one unit with the same name stay apart by their order of appearance.
        const occurrence = (seen.get(project.name) ?? 0) + 1;
        seen.set(project.name, occurrence);
        const sheetId = uuidFromNames('sheet', department.departmentId, unitId, String(fiscalYear), project.name, String(occurrence));
        const outcome = await this.createDraft(commandMetadata(ctx), { sheetId, departmentId: department.departmentId, unitId, fiscalYear, importId, project });
        sheets.push({ sheetId, unit: unit.name, projectName: project.name, total: formatWanYuan(fundingTotal(project.funding)), outcome });
      }
      const totalFen = sumFen(unit.projects.map((p) => fundingTotal(p.funding)));
      units.push({ unitId, name: unit.name, total: formatWanYuan(totalFen), totalFen, projectCount: unit.projects.length, created });
    }
    const grandTotalFen = sumFen(units.map((u) => u.totalFen));
    const summary: ImportSummary = {
      importId,
      fiscalYear,
      department: { departmentId: department.departmentId, name: department.name, created: departmentCreated },
      units,
      grandTotal: formatWanYuan(grandTotalFen),
      grandTotalFen,
      projects: {
        read: sheets.length,
        created: sheets.filter((s) => s.outcome === 'created').length,
        alreadyPresent: sheets.filter((s) => s.outcome === 'already-present').length,
      },
      sheets,
      issues,
    };
    await this.imports.record({ importId, departmentId: department.departmentId, fiscalYear, contentSha256, summary, importedBy: ctx.actor.id });
    return summary;
  }

  private async createDraft(metadata: CommandMetadata, p: DraftOfProject): Promise<'created' | 'already-present'> {
    const { sheetId, project } = p;
    try {
      const result = await this.sheets.execute(
        sheetId,
        {
          type: 'CreateDraft',
          data: {
            sheetId,
            fiscalYear: p.fiscalYear,
            departmentId: p.departmentId,
            unitId: p.unitId,
            projectName: project.name,
            funding: project.funding,
            goal: project.goal,
            indicators: project.indicators.map((indicator, i) => ({
              indicatorId: uuidFromNames('indicator', sheetId, String(i + 1)),
              level1: indicator.level1,
              level2: indicator.level2,
              name: indicator.name,
              periodTarget: indicator.periodTarget,
              annualTarget: indicator.annualTarget,
            })),
            source: { kind: 'import', importId: p.importId, line: project.line, writtenTotal: project.writtenTotal },
          },
          metadata,
        },
        { expectedVersion: 0 },
      );
      return result.events.length > 0 ? 'created' : 'already-present';
    } catch (e) {
      if (e instanceof StreamVersionConflictError) return 'already-present';
      throw e;
    }
  }
}
