import { Body, Controller, HttpCode, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor, DomainError } from '@budget/domain';
import { intake } from '@budget/contracts';
import { CorrelationId, CurrentActor, readQuery, Roles } from '@budget/platform';
import { ImportTableCommand, type ImportSummary } from './import-table.command';
import { XLSX_CONTENT_TYPE } from '@budget/table-files';

@Controller('imports')
export class ImportTableController {
  constructor(private readonly commands: CommandBus) {}

  /**
   * Body: the table as text (Content-Type: text/plain; charset=utf-8; tab- or comma-separated),
   * or an Excel workbook (Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet).
   */
  @Post()
  @HttpCode(200)
  @Roles('admin', 'department_reviewer')
  import(@CurrentActor() actor: Actor, @CorrelationId() correlationId: string, @Query() query: unknown, @Body() body: unknown): Promise<ImportSummary> {
    const { fiscalYear: year } = readQuery(intake.importQuery, query, '请在查询参数 fiscalYear 中提供预算年度（2000–2100）');
    if (Buffer.isBuffer(body) && body.length > 0) {
      return this.commands.execute(new ImportTableCommand({ actor, correlationId }, { kind: 'xlsx', bytes: body }, year));
    }
    if (typeof body !== 'string' || body.trim() === '') {
      throw new DomainError(
        'VALIDATION_FAILED',
        `请以纯文本（Content-Type: text/plain; charset=utf-8）或Excel文件（Content-Type: ${XLSX_CONTENT_TYPE}）上传项目支出绩效目标表`,
      );
    }
    return this.commands.execute(new ImportTableCommand({ actor, correlationId }, { kind: 'text', text: body }, year));
  }
}
