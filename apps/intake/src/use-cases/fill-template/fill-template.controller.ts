import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { type Actor, DomainError } from '@budget/domain';
import { intake } from '@budget/contracts';
import { CorrelationId, CurrentActor, readQuery, Roles } from '@budget/platform';
import { XLSX_CONTENT_TYPE } from '@budget/table-files';
import { DownloadTemplateQuery } from './download-template.query';
import { type TemplateUploadResult, UploadTemplateCommand } from './upload-template.command';

/**
 * 填报模板: download a unit's editable drafts of a year as an xlsx, fill it offline, upload it to
 * create or update the drafts. A clerk works on their own unit; a department reviewer names a
 * unit of their department; an admin any unit. Every change is a command of the sheet's own,
 * decided by the domain as if typed in the 填报 screen.
 */
@Controller('fill-template')
@Roles('unit_clerk', 'department_reviewer', 'admin')
export class FillTemplateController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  async download(@CurrentActor() actor: Actor, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const { fiscalYear, unitId } = readQuery(intake.fillTemplateQuery, query, '请在查询参数 fiscalYear 中提供预算年度（2000–2100）');
    const { bytes, fileName } = await this.queries.execute(new DownloadTemplateQuery(actor, fiscalYear, unitId));
    res.setHeader('Content-Type', XLSX_CONTENT_TYPE);
    res.setHeader('Content-Disposition', `attachment; filename="fill-template-${fiscalYear}.xlsx"; filename*=UTF-8''${encodeURIComponent(fileName)}`);
    res.setHeader('Cache-Control', 'no-store');
    res.status(200).end(bytes);
  }

  /** Body: the filled workbook (Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet). */
  @Post()
  @HttpCode(200)
  upload(@CurrentActor() actor: Actor, @CorrelationId() correlationId: string, @Query() query: unknown, @Body() body: unknown): Promise<TemplateUploadResult> {
    const { unitId } = readQuery(intake.fillTemplateUploadQuery, query);
    if (!Buffer.isBuffer(body) || body.length === 0) {
      throw new DomainError('VALIDATION_FAILED', `请上传填写后的填报模板（Excel工作簿，Content-Type: ${XLSX_CONTENT_TYPE}）`);
    }
    return this.commands.execute(new UploadTemplateCommand({ actor, correlationId }, body, unitId));
  }
}
