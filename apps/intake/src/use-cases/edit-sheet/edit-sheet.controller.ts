import { Body, Controller, Delete, Headers, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { intake } from '@budget/contracts';
import { type IndicatorChanges } from '@budget/domain';
import { CurrentRequest, type RequestContext, newId, readBody, readQuery, Roles } from '@budget/platform';
import type { SheetView } from '../../sheets/sheet-view';
import { AddIndicatorCommand, ChangeIndicatorCommand, EditSheetCommand, RemoveIndicatorCommand, ReorderIndicatorsCommand } from './edit-sheet.commands';

/**
 * Editing a draft (or a sheet sent back for revision). Each request names the version the
 * client saw (body `expectedVersion` or `If-Match`). The guard admits the one role the sheet's
 * policy lets edit (mayEditSheet: the unit's own clerk); which sheet they may edit is the policy's.
 */
@Controller('sheets/:sheetId')
@Roles('unit_clerk')
export class EditSheetController {
  constructor(private readonly commands: CommandBus) {}

  /** Project name, goal and funding, any of them, in one step. */
  @Patch()
  edit(
    @CurrentRequest() request: RequestContext,
    @Param('sheetId') sheetId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, projectName, goal, funding } = readBody(intake.editSheetBody, body, { ifMatch });
    const changes = { ...(projectName !== undefined ? { projectName } : {}), ...(goal !== undefined ? { goal } : {}), ...(funding !== undefined ? { funding } : {}) };
    return this.commands.execute(new EditSheetCommand(request, sheetId, expectedVersion, changes));
  }

  @Post('indicators')
  addIndicator(
    @CurrentRequest() request: RequestContext,
    @Param('sheetId') sheetId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, position, indicatorId, periodTarget, ...fields } = readBody(intake.addIndicatorBody, body, { ifMatch, rename: intake.indicatorFieldName });
    const indicator = { ...fields, indicatorId: indicatorId ?? newId(), periodTarget: periodTarget ?? '' };
    return this.commands.execute(new AddIndicatorCommand(request, sheetId, expectedVersion, indicator, position));
  }

  @Patch('indicators/:indicatorId')
  changeIndicator(
    @CurrentRequest() request: RequestContext,
    @Param('sheetId') sheetId: string,
    @Param('indicatorId') indicatorId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, ...fields } = readBody(intake.changeIndicatorBody, body, { ifMatch, rename: intake.indicatorFieldName });
    const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as IndicatorChanges;
    return this.commands.execute(new ChangeIndicatorCommand(request, sheetId, expectedVersion, indicatorId, changes));
  }

  @Delete('indicators/:indicatorId')
  removeIndicator(
    @CurrentRequest() request: RequestContext,
    @Param('sheetId') sheetId: string,
    @Param('indicatorId') indicatorId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Query() query: unknown,
  ): Promise<SheetView> {
    const { expectedVersion: fromQuery } = readQuery(intake.removeIndicatorQuery, query);
    const { expectedVersion } = readBody(intake.reorderIndicatorsBody.pick({ expectedVersion: true }), fromQuery !== undefined ? { expectedVersion: fromQuery } : {}, { ifMatch });
    return this.commands.execute(new RemoveIndicatorCommand(request, sheetId, expectedVersion, indicatorId));
  }

  @Put('indicators/order')
  reorder(
    @CurrentRequest() request: RequestContext,
    @Param('sheetId') sheetId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: unknown,
  ): Promise<SheetView> {
    const { expectedVersion, indicatorIds } = readBody(intake.reorderIndicatorsBody, body, { ifMatch });
    return this.commands.execute(new ReorderIndicatorsCommand(request, sheetId, expectedVersion, indicatorIds));
  }
}
