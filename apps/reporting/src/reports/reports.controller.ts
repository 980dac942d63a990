import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { type Actor, DomainError } from '@budget/domain';
import { reporting } from '@budget/contracts';
import { CurrentActor, listedFieldErrors, readQuery, Roles } from '@budget/platform';
import type { Response } from 'express';
import { randomUUID } from 'node:crypto';
import { type ChainReport, describeBreak } from '../audit/chain-check';
import { type CheckpointCheck, CheckpointService } from '../checkpoints/checkpoint.service';
import { ExportSigner } from '../checkpoints/export-signer';
import { EXPORT_MEDIA, type ExportFormat, exportSourceFor, tableChecksum, writeExport } from '@budget/table-files';
import { REPORTING_CONSUMER } from '../consumer/report-log.consumer';
import { Generations } from '../infrastructure/generations.repository';
import { ReportQueries } from '../infrastructure/report-queries';
import { describeAsOf, parseAsOf } from './as-of';
import { AuditService } from '../audit/audit.service';
import { type BuiltTable, ReportService } from './report.service';
import { headView, progressView, tableView } from './table-view';

/** One line for people; with the checkpoint check, a history rewritten consistently is named as such (改写). */
export function verificationText(report: ChainReport, checkpoints?: CheckpointCheck): string {
  if (report.firstBroken || (!checkpoints && !report.ok)) return `未通过：${report.firstBroken ? describeBreak(report.firstBroken) : '链已断开'}`;
  if (checkpoints && !checkpoints.ok) return `未通过：${checkpoints.firstProblem?.message ?? '与已签名检查点不符'}`;
  const signed = !checkpoints ? '' : checkpoints.checkpointsChecked > 0 ? `；与 ${checkpoints.scopesChecked} 个范围的已签名检查点一致` : '；尚无已签名检查点';
  return `通过：${report.streamsChecked} 条事件流、${report.eventsChecked} 个事件${signed}`;
}

function fileName(built: BuiltTable, format: ExportFormat): string {
  const moment = built.asOf.kind === 'latest' ? '' : `-截至${built.table.asOf.globalPosition ?? '0'}`;
  const unit = built.restrictedToUnit ? `-${built.table.units[0]?.name ?? built.restrictedToUnit}` : '';
  const name = `${built.department.name}${unit}-${built.fiscalYear}年度项目支出绩效目标表${moment}.${EXPORT_MEDIA[format].extension}`;
  return name.replace(/[\\/:*?"<>|\r\n\t]+/g, '_');
}

/** An attachment with a UTF-8 name (RFC 6266 / 5987) and an ASCII fallback for old clients. */
export function contentDisposition(name: string, format: ExportFormat, fiscalYear: number): string {
  return `attachment; filename="report-${fiscalYear}.${EXPORT_MEDIA[format].extension}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

/** A 400 names its one field error, or lists them all. */
const headline = listedFieldErrors('查询参数有误：');

@Controller()
export class ReportsController {
  constructor(
    private readonly reports: ReportService,
    private readonly audit: AuditService,
    private readonly generations: Generations,
    private readonly queries: ReportQueries,
    private readonly checkpoints: CheckpointService,
    private readonly signer: ExportSigner,
  ) {}

  /** The departments the actor may see, with their units and fiscal years. */
  @Get('departments')
  async departments(@CurrentActor() actor: Actor) {
    return { items: await this.reports.departments(actor) };
  }

  /** The consolidated table as JSON, now or as of a moment. */
  @Get('table')
  async table(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const q = readQuery(reporting.tableQuery, query, headline);
    const { department, fiscalYear } = q;
    const asOf = parseAsOf(q.asOf, 'asOf');
    const verify = q.verify ?? false;
    const built = await this.reports.table(actor, { department, ...(fiscalYear !== undefined ? { fiscalYear } : {}), ...(asOf ? { asOf } : {}), verify });
    return {
      generation: built.generation,
      requested: describeAsOf(built.asOf),
      asOf: built.table.asOf,
      restrictedToUnit: built.restrictedToUnit,
      checksum: tableChecksum(built.table),
      ...tableView(built.table),
      chainHeads: built.chainHeads.map(headView),
      ...(built.verification ? { chainVerification: built.verification } : {}),
    };
  }

  /**
   * The table as a file, streamed. txt is the reference layout (no metadata unless asked);
   * xlsx and html carry the as-of position, checksum, chain heads and chain check by default.
   */
  @Get('export')
  async export(@CurrentActor() actor: Actor, @Query() query: unknown, @Res() res: Response): Promise<void> {
    const q = readQuery(reporting.exportQuery, query, headline);
    const { department, format, fiscalYear } = q;
    const asOf = parseAsOf(q.asOf, 'asOf');
    const metadata = q.metadata ?? (format === 'xlsx' || format === 'html');
    const built = await this.reports.table(actor, {
      department,
      ...(fiscalYear !== undefined ? { fiscalYear } : {}),
      ...(asOf ? { asOf } : {}),
      verify: metadata,
    });
    const exportId = randomUUID();
    const generatedAt = new Date().toISOString();
    const latest = await this.checkpoints.latestOf({ departmentId: built.department.departmentId, fiscalYear: built.fiscalYear });
    const source = exportSourceFor(built.table, {
      chainHeads: built.chainHeads,
      generatedAt,
      verification: built.verification ? verificationText(built.verification) : null,
      generation: built.generation,
      signing: { exportId, checkpoint: latest ? { id: latest.id, position: latest.position, signedAt: latest.signedAt, signature: latest.signature } : null },
    });
    const media = EXPORT_MEDIA[format];
    const name = fileName(built, format);
    res.status(200);
    res.setHeader('Content-Type', media.contentType);
    res.setHeader('Content-Disposition', contentDisposition(name, format, built.fiscalYear));
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Report-Generation', String(built.generation));
    res.setHeader('X-Report-Position', built.table.asOf.globalPosition ?? '0');
    res.setHeader('X-Report-Fiscal-Year', String(built.fiscalYear));
    res.setHeader('X-Report-Checksum', source.meta?.checksum ?? '');
    res.setHeader('X-Report-Chains', built.verification ? (built.verification.ok ? 'ok' : 'broken') : 'unchecked');
    res.setHeader('X-Report-Export-Id', exportId);
    res.setHeader('X-Report-Signature', `/exports/${exportId}/signature`);
    res.setHeader('X-Report-Checkpoint', latest?.id ?? 'none');
    const signed = this.signer.sink(
      res,
      {
        exportId,
        fileName: name,
        format,
        departmentId: built.department.departmentId,
        departmentName: built.department.name,
        fiscalYear: built.fiscalYear,
        unitId: built.restrictedToUnit,
        generation: built.generation,
        position: built.table.asOf.globalPosition,
        recordedAt: built.table.asOf.recordedAt,
        tableChecksum: source.meta?.checksum ?? '',
        chainHeads: built.chainHeads.map((h) => ({ streamId: h.streamId, streamVersion: h.streamVersion, hash: h.hash ?? '' })),
        checkpoint: latest,
        exportedAt: generatedAt,
        exportedBy: { id: actor.id, role: actor.role },
      },
      actor,
    );
    try {
      await writeExport(format, source, signed, { metadata });
    } catch (error) {
      // Once bytes are out, a status can no longer say it: cut the response so the client sees a broken download.
      if (!res.headersSent) throw error;
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** What changed in the table between two moments (JSON). */
  @Get('diff')
  async diff(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const q = readQuery(reporting.diffQuery, query, headline);
    const { department, fiscalYear } = q;
    const from = parseAsOf(q.from, 'from');
    const to = parseAsOf(q.to, 'to');
    return this.reports.diff(actor, { department, ...(fiscalYear !== undefined ? { fiscalYear } : {}), from, to });
  }

  /** Every sheet with its status and where it waits. */
  @Get('progress')
  async progress(@CurrentActor() actor: Actor, @Query() query: unknown) {
    const { departmentId, unitId, fiscalYear } = readQuery(reporting.progressQuery, query, headline);
    const result = await this.reports.progress(actor, {
      ...(departmentId !== undefined ? { departmentId } : {}),
      ...(unitId !== undefined ? { unitId } : {}),
      ...(fiscalYear !== undefined ? { fiscalYear } : {}),
    });
    return { ...result, items: result.items.map(progressView) };
  }

  /** The history of one sheet: every event of it and of its reviews, field by field. */
  @Get('sheets/:sheetId/history')
  history(@CurrentActor() actor: Actor, @Param('sheetId') sheetId: string) {
    return this.audit.history(actor, sheetId);
  }

  /** The department's own history: registration, units, and who changed its sign-off chain when. */
  @Get('departments/:departmentId/history')
  departmentHistory(@CurrentActor() actor: Actor, @Param('departmentId') departmentId: string) {
    return this.audit.departmentHistory(actor, departmentId);
  }

  /** The hash chains of every stream in the live copy; the first broken link if any. */
  @Get('verify')
  @Roles('auditor', 'finance_reviewer', 'admin')
  async verify(@CurrentActor() actor: Actor) {
    const report = await this.audit.verifyAll(actor);
    return { ...report, summary: verificationText(report, report.checkpoints) };
  }

  /** The copy: its generation, last position, event count and time span; the dead letters waiting. */
  @Get('status')
  @Roles('auditor', 'finance_reviewer', 'admin')
  async status() {
    const status = await this.reports.status();
    return { ...status, deadLetters: await this.queries.deadLetterCount(REPORTING_CONSUMER) };
  }

  /** The copy itself, page by page in its own order: every event as received, with its position. */
  @Get('events')
  @Roles('auditor', 'finance_reviewer', 'admin')
  async events(@CurrentActor() actor: Actor, @Query() query: unknown) {
    // The raw copy holds every department: a finance desk assigned to some of them reads tables, not the log.
    if (actor.departmentIds !== undefined && actor.role === 'finance_reviewer') throw new DomainError('FORBIDDEN', '只负责部分部门的财政审核人不能查看完整事件日志');
    const q = readQuery(reporting.eventsQuery, query, headline);
    const { after, streamId, subject } = q;
    const limit = q.limit ?? 100;
    const generation = await this.generations.active();
    const items = [];
    for await (const row of this.queries.copiedEvents(generation, {
      after: after ?? '0',
      pageSize: limit,
      ...(streamId !== undefined ? { streamIds: [streamId] } : {}),
      ...(subject !== undefined ? { subject } : {}),
    })) {
      items.push({ position: row.position, sourcePosition: row.sourcePosition, event: row.envelope });
      if (items.length === limit) break;
    }
    return { generation, items, next: items.length === limit ? items[items.length - 1]!.position : null };
  }
}
