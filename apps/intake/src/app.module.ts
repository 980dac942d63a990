import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { getDataSourceToken, TypeOrmModule } from '@nestjs/typeorm';
import { PostgresEventStore } from '@budget/event-store';
import {
  HEALTH_CHECKS,
  type HealthCheck,
  HealthController,
  loadConfig,
  MessagingModule,
  openApiController,
  OutboxService,
  PlatformModule,
  poolOf,
  serviceDatabase,
} from '@budget/platform';
import type { DataSource } from 'typeorm';
import { ENTITIES } from './infrastructure/entities';
import { ImportLog } from './infrastructure/import-log';
import { EventStore1764100000000 } from './infrastructure/migrations/1764100000000-event-store';
import { ReadModels1764100000001 } from './infrastructure/migrations/1764100000001-read-models';
import { OutboxEventIds1764100000002 } from './infrastructure/migrations/1764100000002-outbox-event-ids';
import { OutboxNotify1764100000003 } from './infrastructure/migrations/1764100000003-outbox-notify';
import { OrganisationDirectory } from './infrastructure/organisation-directory';
import { BatchReminderRepository, DepartmentRepository, INTAKE_SCHEMA, SheetRepository } from './infrastructure/repositories';
import { SheetReadModel } from './infrastructure/sheet-read-model';
import { AddUnitController } from './use-cases/add-unit/add-unit.controller';
import { AddUnitHandler } from './use-cases/add-unit/add-unit.handler';
import { CarryForwardDepartmentController } from './use-cases/carry-forward-department/carry-forward-department.controller';
import { CarryForwardDepartmentHandler } from './use-cases/carry-forward-department/carry-forward-department.handler';
import { CarryForwardSheetController } from './use-cases/carry-forward-sheet/carry-forward-sheet.controller';
import { CarryForwardSheetHandler } from './use-cases/carry-forward-sheet/carry-forward-sheet.handler';
import { CreateDraftController } from './use-cases/create-draft/create-draft.controller';
import { CreateDraftHandler } from './use-cases/create-draft/create-draft.handler';
import { EditSheetController } from './use-cases/edit-sheet/edit-sheet.controller';
import { AddIndicatorHandler, ChangeIndicatorHandler, EditSheetHandler, RemoveIndicatorHandler, ReorderIndicatorsHandler } from './use-cases/edit-sheet/edit-sheet.handlers';
import { DownloadTemplateHandler } from './use-cases/fill-template/download-template.handler';
import { FillTemplateController } from './use-cases/fill-template/fill-template.controller';
import { UploadTemplateHandler } from './use-cases/fill-template/upload-template.handler';
import { ImportTableController } from './use-cases/import-table/import-table.controller';
import { ImportTableHandler } from './use-cases/import-table/import-table.handler';
import { GetDepartmentHandler, ListDepartmentsHandler } from './use-cases/read-departments/read-departments.handlers';
import { ReadDepartmentsController } from './use-cases/read-departments/read-departments.controller';
import { GetSheetEventsHandler, GetSheetHandler, ListSheetsHandler } from './use-cases/read-sheets/read-sheets.handlers';
import { ReadSheetsController } from './use-cases/read-sheets/read-sheets.controller';
import { RecordReviewDecisionHandler } from './use-cases/record-review-decision/record-review-decision.handler';
import { ReviewDecisionsConsumer } from './use-cases/record-review-decision/review-decisions.consumer';
import { RegisterDepartmentController } from './use-cases/register-department/register-department.controller';
import { RegisterDepartmentHandler } from './use-cases/register-department/register-department.handler';
import { ReopenSheetController } from './use-cases/reopen-sheet/reopen-sheet.controller';
import { ReopenSheetHandler } from './use-cases/reopen-sheet/reopen-sheet.handler';
import { SendBatchReminderController } from './use-cases/send-batch-reminder/send-batch-reminder.controller';
import { SendBatchReminderHandler } from './use-cases/send-batch-reminder/send-batch-reminder.handler';
import { SubmitSheetController } from './use-cases/submit-sheet/submit-sheet.controller';
import { SubmitSheetHandler } from './use-cases/submit-sheet/submit-sheet.handler';
import { WithdrawSheetController } from './use-cases/withdraw-sheet/withdraw-sheet.controller';
import { WithdrawSheetHandler } from './use-cases/withdraw-sheet/withdraw-sheet.handler';

const config = loadConfig();

/** Each use case is a folder of use-cases/: its route (or consumer), its command or query, its handler. */
const USE_CASES = {
  controllers: [
    ReadDepartmentsController,
    RegisterDepartmentController,
    AddUnitController,
    ImportTableController,
    FillTemplateController,
    CreateDraftController,
    ReadSheetsController,
    EditSheetController,
    SubmitSheetController,
    WithdrawSheetController,
    ReopenSheetController,
    CarryForwardSheetController,
    CarryForwardDepartmentController,
    SendBatchReminderController,
  ],
  providers: [
    ListDepartmentsHandler,
    GetDepartmentHandler,
    RegisterDepartmentHandler,
    AddUnitHandler,
    ImportTableHandler,
    DownloadTemplateHandler,
    UploadTemplateHandler,
    CreateDraftHandler,
    GetSheetHandler,
    ListSheetsHandler,
    GetSheetEventsHandler,
    EditSheetHandler,
    AddIndicatorHandler,
    ChangeIndicatorHandler,
    RemoveIndicatorHandler,
    ReorderIndicatorsHandler,
    SubmitSheetHandler,
    WithdrawSheetHandler,
    ReopenSheetHandler,
    CarryForwardSheetHandler,
    CarryForwardDepartmentHandler,
    SendBatchReminderHandler,
    RecordReviewDecisionHandler,
    ReviewDecisionsConsumer,
  ],
};

@Module({
  imports: [
    PlatformModule.forRoot('intake', config),
    serviceDatabase(config, { schema: INTAKE_SCHEMA, entities: ENTITIES, migrations: [EventStore1764100000000, ReadModels1764100000001, OutboxEventIds1764100000002, OutboxNotify1764100000003] }),
    TypeOrmModule.forFeature(ENTITIES),
    CqrsModule.forRoot(),
    MessagingModule.forService({ schema: INTAKE_SCHEMA, clientId: 'intake', publishes: true }),
  ],
  controllers: [HealthController, openApiController('intake'), ...USE_CASES.controllers],
  providers: [
    {
      provide: PostgresEventStore,
      inject: [getDataSourceToken()],
      useFactory: (db: DataSource) => new PostgresEventStore(poolOf(db), { schema: INTAKE_SCHEMA, outboxTopic: config.kafka.topics.targets }),
    },
    SheetRepository,
    DepartmentRepository,
    BatchReminderRepository,
    SheetReadModel,
    OrganisationDirectory,
    ImportLog,
    {
      provide: HEALTH_CHECKS,
      inject: [OutboxService],
      useFactory: (outbox: OutboxService): HealthCheck[] => [
        { name: 'outbox', check: async () => ({ backlog: await outbox.backlog(), deadLetters: await outbox.deadLetters() }) },
      ],
    },
    ...USE_CASES.providers,
  ],
})
export class AppModule {}
