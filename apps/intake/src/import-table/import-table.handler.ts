import { createHash } from 'node:crypto';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import {
  formatWanYuan,
  fundingTotal,
  type PublishedProject,
  sheetStreamId,
  sumFen,
  type TableIssue,
} from '@budget/domain';
import { StreamVersionConflictError } from '@budget/event-store';
import { uuidFromNames } from '@budget/platform';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { commandMetadata, type RequestContext } from '../infrastructure/command-context';
import { SheetRepository } from '../infrastructure/repositories';
import { departmentIdFor } from '../organisation/organisation.directory';
import { OrganisationService } from '../organisation/organisation.service';
import { projectSheet } from '../sheets/sheet-view';
import { importWorkLimits, type ImportWorkLimits } from './import-limits';
import { authorizeDepartment, type ImportSource, readTable } from './read-table';

export type { ImportSource } from './read-table';

export interface ImportSummary {
  readonly importId: string;
  readonly fiscalYear: number;
  readonly department: { readonly departmentId: string; readonly name: string; readonly created: boolean };
  readonly units: readonly {
    readonly unitId: string;
    readonly name: string;
    readonly total: string;
    readonly totalFen: number;
    readonly projectCount: number;
    readonly created: boolean;
  }[];
  readonly grandTotal: string;
  readonly grandTotalFen: number;
  readonly projects: { readonly read: number; readonly created: number; readonly alreadyPresent: number };
  readonly sheets: readonly { readonly sheetId: string; readonly unit: string; readonly projectName: string; readonly total: string; readonly outcome: 'created' | 'already-present' }[];
  readonly issues: readonly TableIssue[];
}


export class ImportTableCommand extends Command<ImportSummary> {
  constructor(
    readonly ctx: RequestContext,
    readonly source: ImportSource,
    readonly fiscalYear: number,
  ) {
    super();
  }
}

/**
 * Reads a published table (项目支出绩效目标表) and creates the department, its units and one
 * draft per project, every cell preserved. Ids follow from names, so a second import of the
 * same table finds everything present and creates nothing.
 */
@CommandHandler(ImportTableCommand)
export class ImportTableHandler implements ICommandHandler<ImportTableCommand> {
  constructor(
    private readonly organisation: OrganisationService,
    private readonly sheets: SheetRepository,
    @InjectDataSource() private readonly db: DataSource,
  ) {}

  private readonly limits: ImportWorkLimits = importWorkLimits();

  async execute({ ctx, source, fiscalYear }: ImportTableCommand): Promise<ImportSummary> {
    const { table, issues } = readTable(ctx.actor, source, this.limits);
    const departmentId = departmentIdFor(table.departmentName.trim());
    authorizeDepartment(ctx.actor, table.departmentName);
    const contentSha256 = createHash('sha256')
      .update(source.kind === 'text' ? source.text : source.bytes)
      .digest('hex');
    const importId = uuidFromNames('import', departmentId, String(fiscalYear), contentSha256);

    const { department, created: departmentCreated } = await this.organisation.ensureDepartment(ctx, table.departmentName);
    const units: ImportSummary['units'][number][] = [];
    const sheets: ImportSummary['sheets'][number][] = [];
    for (const unit of table.units) {
      const { unitId, created } = await this.organisation.ensureUnit(ctx, department.departmentId, unit.name);
      const seen = new Map<string, number>();
      for (const project of unit.projects) {
        // Two projects of one unit with the same name stay apart by their order of appearance.
        const occurrence = (seen.get(project.name) ?? 0) + 1;
        seen.set(project.name, occurrence);
        const sheetId = uuidFromNames('sheet', department.departmentId, unitId, String(fiscalYear), project.name, String(occurrence));
        const outcome = await this.createDraft(ctx, { sheetId, departmentId: department.departmentId, unitId, fiscalYear, importId, project });
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
    await this.db.query(
      `INSERT INTO imports (import_id, department_id, fiscal_year, content_sha256, summary, imported_by, imported_at)
       VALUES ($1, $2, $3, $4, $5, $6, now()) ON CONFLICT (import_id) DO NOTHING`,
      [importId, department.departmentId, fiscalYear, contentSha256, JSON.stringify(summary), ctx.actor.id],
    );
    return summary;
  }

  private async createDraft(
    ctx: RequestContext,
    p: { sheetId: string; departmentId: string; unitId: string; fiscalYear: number; importId: string; project: PublishedProject },
  ): Promise<'created' | 'already-present'> {
    const meta = commandMetadata(ctx);
    try {
      const result = await this.sheets.execute(
        sheetStreamId(p.sheetId),
        {
          type: 'CreateDraft',
          data: {
            sheetId: p.sheetId,
            fiscalYear: p.fiscalYear,
            departmentId: p.departmentId,
            unitId: p.unitId,
            projectName: p.project.name,
            funding: p.project.funding,
            goal: p.project.goal,
            indicators: p.project.indicators.map((indicator, i) => ({
              indicatorId: uuidFromNames('indicator', p.sheetId, String(i + 1)),
              level1: indicator.level1,
              level2: indicator.level2,
              name: indicator.name,
              periodTarget: indicator.periodTarget,
              annualTarget: indicator.annualTarget,
            })),
            source: { kind: 'import', importId: p.importId, line: p.project.line, writtenTotal: p.project.writtenTotal },
          },
          metadata: meta,
        },
        { expectedVersion: 0, project: (client, state, version) => (state.status === 'empty' ? Promise.resolve() : projectSheet(client, state, version, meta.now)) },
      );
      return result.events.length > 0 ? 'created' : 'already-present';
    } catch (e) {
      if (e instanceof StreamVersionConflictError) return 'already-present';
      throw e;
    }
  }
}
