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
import { FillTemplateController } from './fill-template/fill-template.controller';
import { FillTemplateService } from './fill-template/fill-template.service';
import { ImportTableController } from './import-table/import-table.controller';
import { ImportTableHandler } from './import-table/import-table.handler';
import { ENTITIES } from './infrastructure/entities';
import { EventStore1764100000000 } from './infrastructure/migrations/1764100000000-event-store';
import { ReadModels1764100000001 } from './infrastructure/migrations/1764100000001-read-models';
import { OutboxEventIds1764100000002 } from './infrastructure/migrations/1764100000002-outbox-event-ids';
import { DepartmentRepository, INTAKE_SCHEMA, SheetRepository } from './infrastructure/repositories';
import { AddUnitHandler, RegisterDepartmentHandler } from './organisation/organisation.commands';
import { OrganisationController } from './organisation/organisation.controller';
import { OrganisationDirectory } from './organisation/organisation.directory';
import { OrganisationService } from './organisation/organisation.service';
import { CreateDraftController } from './sheets/create-draft/create-draft.controller';
import { EditSheetController } from './sheets/edit-sheet/edit-sheet.controller';
import { ExecuteSheetCommandHandler } from './sheets/execute-sheet-command';
import { GetSheetEventsHandler, GetSheetHandler, ListSheetsHandler } from './sheets/read-sheets/read-sheets.queries';
import { ReadSheetsController } from './sheets/read-sheets/read-sheets.controller';
import { SubmitSheetController } from './sheets/submit-sheet/submit-sheet.controller';
import { WithdrawSheetController } from './sheets/withdraw-sheet/withdraw-sheet.controller';
import { ReopenSheetController } from './sheets/reopen-sheet.controller';
import { ReviewDecisionsConsumer } from './review-decisions/review-decisions.consumer';

const config = loadConfig();

@Module({
  imports: [
    PlatformModule.forRoot('intake', config),
    serviceDatabase(config, { schema: INTAKE_SCHEMA, entities: ENTITIES, migrations: [EventStore1764100000000, ReadModels1764100000001, OutboxEventIds1764100000002] }),
    TypeOrmModule.forFeature(ENTITIES),
    CqrsModule.forRoot(),
    MessagingModule.forService({ schema: INTAKE_SCHEMA, clientId: 'intake', publishes: true }),
  ],
  controllers: [
    HealthController,
    openApiController('intake'),
    OrganisationController,
    ImportTableController,
    FillTemplateController,
    CreateDraftController,
    ReadSheetsController,
    EditSheetController,
    SubmitSheetController,
    WithdrawSheetController,
    ReopenSheetController,
  ],
  providers: [
    {
      provide: PostgresEventStore,
      inject: [getDataSourceToken()],
      useFactory: (db: DataSource) => new PostgresEventStore(poolOf(db), { schema: INTAKE_SCHEMA, outboxTopic: config.kafka.topics.targets }),
    },
    SheetRepository,
    DepartmentRepository,
    OrganisationDirectory,
    OrganisationService,
    {
      provide: HEALTH_CHECKS,
      inject: [OutboxService],
      useFactory: (outbox: OutboxService): HealthCheck[] => [
        { name: 'outbox', check: async () => ({ backlog: await outbox.backlog(), deadLetters: await outbox.deadLetters() }) },
      ],
    },
    ExecuteSheetCommandHandler,
    GetSheetHandler,
    ListSheetsHandler,
    GetSheetEventsHandler,
    RegisterDepartmentHandler,
    AddUnitHandler,
    ImportTableHandler,
    FillTemplateService,
    ReviewDecisionsConsumer,
  ],
})
export class AppModule {}
