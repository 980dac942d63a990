import { Body, Controller, Delete, Headers, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { intake } from '@budget/contracts';
import { type Actor, type IndicatorChanges, type SheetCommand } from '@budget/domain';
import { CorrelationId, CurrentActor, newId, readBody, readQuery, Roles } from '@budget/platform';
import { ExecuteSheetCommand } from '../execute-sheet-command';
import type { SheetView } from '../sheet-view';

/**
 * Editing a draft (or a sheet sent back for revision). Each request names the version the
 * client saw (body `expectedVersion` or `If-Match`); a stale version is answered 409 with the
 * current one, and nothing changes.
 */
@Controller('sheets/:sheetId')
@Roles('unit_clerk', 'department_reviewer', 'admin')
export class EditSheetController {
  constructor(private readonly commands: CommandBus) {}

  /** Project name, goal and funding, any of them, in one step. */
  @Patch()
  edit(
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Param('sheetId') sheetId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, projectName, goal, funding } = readBody(intake.editSheetBody, body, { ifMatch });
    return this.commands.execute(
      new ExecuteSheetCommand({ actor, correlationId }, sheetId, expectedVersion, (metadata) => {
        const out: SheetCommand[] = [];
        if (projectName !== undefined) out.push({ type: 'RenameProject', data: { sheetId, projectName }, metadata });
        if (goal !== undefined) out.push({ type: 'ChangeGoal', data: { sheetId, goal }, metadata });
        if (funding !== undefined) out.push({ type: 'ChangeFunding', data: { sheetId, funding }, metadata });
        return out;
      }),
    );
  }

  @Post('indicators')
  addIndicator(
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Param('sheetId') sheetId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, position, indicatorId, periodTarget, ...fields } = readBody(intake.addIndicatorBody, body, { ifMatch, rename: intake.indicatorFieldName });
    const indicator = { ...fields, indicatorId: indicatorId ?? newId(), periodTarget: periodTarget ?? '' };
    return this.commands.execute(
      new ExecuteSheetCommand({ actor, correlationId }, sheetId, expectedVersion, (metadata) => [
        { type: 'AddIndicator', data: { ...indicator, sheetId, ...(position !== undefined ? { position } : {}) }, metadata },
      ]),
    );
  }

  @Patch('indicators/:indicatorId')
  changeIndicator(
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Param('sheetId') sheetId: string,
    @Param('indicatorId') indicatorId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, ...fields } = readBody(intake.changeIndicatorBody, body, { ifMatch, rename: intake.indicatorFieldName });
    const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as IndicatorChanges;
    return this.commands.execute(
      new ExecuteSheetCommand({ actor, correlationId }, sheetId, expectedVersion, (metadata) => [
        { type: 'ChangeIndicator', data: { sheetId, indicatorId, changes }, metadata },
      ]),
    );
  }

  @Delete('indicators/:indicatorId')
  removeIndicator(
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Param('sheetId') sheetId: string,
    @Param('indicatorId') indicatorId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Query() query: unknown,
  ): Promise<SheetView> {
    const { expectedVersion: fromQuery } = readQuery(intake.removeIndicatorQuery, query);
    const { expectedVersion } = readBody(intake.reorderIndicatorsBody.pick({ expectedVersion: true }), fromQuery !== undefined ? { expectedVersion: fromQuery } : {}, { ifMatch });
    return this.commands.execute(
      new ExecuteSheetCommand({ actor, correlationId }, sheetId, expectedVersion, (metadata) => [
        { type: 'RemoveIndicator', data: { sheetId, indicatorId }, metadata },
      ]),
    );
  }

  @Put('indicators/order')
  reorder(
    @CurrentActor() actor: Actor,
    @CorrelationId() correlationId: string,
    @Param('sheetId') sheetId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, indicatorIds } = readBody(intake.reorderIndicatorsBody, body, { ifMatch });
    return this.commands.execute(
      new ExecuteSheetCommand({ actor, correlationId }, sheetId, expectedVersion, (metadata) => [
        { type: 'ReorderIndicators', data: { sheetId, indicatorIds }, metadata },
      ]),
    );
  }
}
