import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { getDataSourceToken } from '@nestjs/typeorm';
import { PostgresEventStore } from '@budget/event-store';
import type { DataSource } from 'typeorm';
import {
  createReadPool,
  HEALTH_CHECKS,
  type HealthCheck,
  HealthController,
  loadConfig,
  MessagingModule,
  openApiController,
  PlatformModule,
  poolOf,
  serviceDatabase,
} from '@budget/platform';
import { AuditService } from './audit/audit.service';
import { CHECKPOINT_CONFIG, loadCheckpointConfig } from './checkpoints/checkpoint-keys';
import { CheckpointService } from './checkpoints/checkpoint.service';
import { ExportSigner } from './checkpoints/export-signer';
import { REPORTING_CONSUMER, ReportLogConsumer } from './consumer/report-log.consumer';
import { EventStore1764300000000 } from './infrastructure/migrations/1764300000000-event-store';
import { ReportLog1764300000001 } from './infrastructure/migrations/1764300000001-report-log';
import { DropRecordedIndex1764300000002 } from './infrastructure/migrations/1764300000002-drop-recorded-index';
import { Lz4Compression1764300000003 } from './infrastructure/migrations/1764300000003-lz4-compression';
import { EventLogPartitions1764300000006 } from './infrastructure/migrations/1764300000006-event-log-partitions';
import { OutboxNotify1764300000007 } from './infrastructure/migrations/1764300000007-outbox-notify';
import { Checkpoints1764300000004 } from './infrastructure/migrations/1764300000004-checkpoints';
import { Generations } from './infrastructure/generations.repository';
import { ReadModelVersions1764300000005 } from './infrastructure/migrations/1764300000005-read-model-versions';
import { INTAKE_BASE_URL, IntakeSheets } from './infrastructure/intake-sheets.client';
import { ExportSignatures } from './infrastructure/export-signatures.repository';
import { PublicationRepository } from './infrastructure/publications.repository';
import { PublicationScope } from './use-cases/publication-scope';
import { ReportQueries } from './infrastructure/report-queries';
import { ExportPublishedController } from './use-cases/export-published/export-published.controller';
import { ExportPublishedHandler } from './use-cases/export-published/export-published.handler';
import { PublishTableController } from './use-cases/publish-table/publish-table.controller';
import { PublishTableHandler } from './use-cases/publish-table/publish-table.handler';
import { DiffPublicationsHandler, ListPublicationsHandler } from './use-cases/read-publications/read-publications.handlers';
import { ReadPublicationsController } from './use-cases/read-publications/read-publications.controller';
import { ReopenPublishedSheetController } from './use-cases/reopen-published-sheet/reopen-published-sheet.controller';
import { ReopenPublishedSheetHandler } from './use-cases/reopen-published-sheet/reopen-published-sheet.handler';
import { RecordSheetReopenedHandler } from './use-cases/reopen-published-sheet/record-sheet-reopened.handler';
import { SheetReopenedConsumer } from './use-cases/reopen-published-sheet/sheet-reopened.consumer';
import { READ_POOL, REPORTING_SCHEMA, ReportStore } from './infrastructure/report-store';
import { RebuildCopyController } from './use-cases/rebuild-copy/rebuild-copy.controller';
import { ReadRebuildHandler, StartRebuildHandler } from './use-cases/rebuild-copy/rebuild-copy.messages';
import { ReadCheckpointsController } from './use-cases/read-checkpoints/read-checkpoints.controller';
import { ListCheckpointsHandler, ReadPublicKeyHandler } from './use-cases/read-checkpoints/read-checkpoints.query';
import { ReadExportSignatureController } from './use-cases/read-export-signature/read-export-signature.controller';
import { ReadExportSignatureHandler } from './use-cases/read-export-signature/read-export-signature.query';
import { SignCheckpointsController } from './use-cases/sign-checkpoints/sign-checkpoints.controller';
import { SignCheckpointsHandler } from './use-cases/sign-checkpoints/sign-checkpoints.command';
import { RebuildService } from './rebuild/rebuild.service';
import { ReportService } from './reports/report.service';
import { DiffTableController } from './use-cases/diff-table/diff-table.controller';
import { DiffTableHandler } from './use-cases/diff-table/diff-table.query';
import { ExportTableController } from './use-cases/export-table/export-table.controller';
import { ExportTableHandler } from './use-cases/export-table/export-table.query';
import { ReadCopyController } from './use-cases/read-copy/read-copy.controller';
import { ReadCopiedEventsHandler, ReadCopyStatusHandler } from './use-cases/read-copy/read-copy.query';
import { ReadDepartmentsController } from './use-cases/read-departments/read-departments.controller';
import { ReadDepartmentsHandler } from './use-cases/read-departments/read-departments.query';
import { ReadHistoryController } from './use-cases/read-history/read-history.controller';
import { ReadDepartmentHistoryHandler, ReadSheetHistoryHandler } from './use-cases/read-history/read-history.query';
import { ReadProgressController } from './use-cases/read-progress/read-progress.controller';
import { ReadProgressHandler } from './use-cases/read-progress/read-progress.query';
import { ReadTableController } from './use-cases/read-table/read-table.controller';
import { ReadTableHandler } from './use-cases/read-table/read-table.query';
import { VerifyChainsController } from './use-cases/verify-chains/verify-chains.controller';
import { VerifyChainsHandler } from './use-cases/verify-chains/verify-chains.query';

const config = loadConfig();
// Read at start, like the JWT secret: a production process without a signing key does not start.
const checkpointConfig = loadCheckpointConfig();

@Module({
  imports: [
    PlatformModule.forRoot('reporting', config),
    CqrsModule.forRoot(),
    serviceDatabase(config, { schema: REPORTING_SCHEMA, entities: [], migrations: [EventStore1764300000000, ReportLog1764300000001, DropRecordedIndex1764300000002, Lz4Compression1764300000003, Checkpoints1764300000004, ReadModelVersions1764300000005, EventLogPartitions1764300000006, OutboxNotify1764300000007] }),
    MessagingModule.forService({ schema: REPORTING_SCHEMA, clientId: 'reporting', publishes: false }),
  ],
  controllers: [
    HealthController,
    openApiController('reporting'),
    ReadDepartmentsController,
    ReadTableController,
    ExportTableController,
    DiffTableController,
    ReadProgressController,
    ReadHistoryController,
    VerifyChainsController,
    ReadCopyController,
    RebuildCopyController,
    ReadCheckpointsController,
    SignCheckpointsController,
    ReadExportSignatureController,
    PublishTableController,
    ReadPublicationsController,
    ExportPublishedController,
    ReopenPublishedSheetController,
  ],
  providers: [
    { provide: READ_POOL, useFactory: () => createReadPool(config.postgres, REPORTING_SCHEMA) },
    { provide: CHECKPOINT_CONFIG, useValue: checkpointConfig },
    ReportStore,
    Generations,
    ReportQueries,
    CheckpointService,
    ExportSignatures,
    ExportSigner,
    ReportService,
    AuditService,
    RebuildService,
    ReportLogConsumer,
    ReadDepartmentsHandler,
    StartRebuildHandler,
    ReadRebuildHandler,
    ReadPublicKeyHandler,
    ListCheckpointsHandler,
    SignCheckpointsHandler,
    ReadExportSignatureHandler,
    ReadTableHandler,
    ExportTableHandler,
    DiffTableHandler,
    ReadProgressHandler,
    ReadSheetHistoryHandler,
    ReadDepartmentHistoryHandler,
    VerifyChainsHandler,
    ReadCopyStatusHandler,
    ReadCopiedEventsHandler,
    {
      // Reporting's own events (the publications) in its schema's events table; it publishes nothing to Kafka.
      provide: PostgresEventStore,
      inject: [getDataSourceToken()],
      useFactory: (db: DataSource) => new PostgresEventStore(poolOf(db), { schema: REPORTING_SCHEMA, outboxTopic: null }),
    },
    { provide: INTAKE_BASE_URL, useValue: process.env.INTAKE_URL ?? `http://127.0.0.1:${config.ports.intake}` },
    PublicationRepository,
    PublicationScope,
    IntakeSheets,
    PublishTableHandler,
    ListPublicationsHandler,
    DiffPublicationsHandler,
    ExportPublishedHandler,
    ReopenPublishedSheetHandler,
    RecordSheetReopenedHandler,
    SheetReopenedConsumer,
    {
      provide: HEALTH_CHECKS,
      inject: [Generations, ReportQueries],
      useFactory: (generations: Generations, queries: ReportQueries): HealthCheck[] => [
        {
          name: 'copy',
          check: async () => {
            const generation = await generations.active();
            const meta = await generations.meta(generation);
            return { generation, position: meta.position, events: meta.events, deadLetters: await queries.deadLetterCount(REPORTING_CONSUMER) };
          },
        },
      ],
    },
  ],
})
export class AppModule {}
