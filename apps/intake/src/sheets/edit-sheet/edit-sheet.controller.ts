import { Body, Controller, Delete, Headers, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { type Actor, type IndicatorChanges, type IndicatorInput, type SheetCommand } from '@budget/domain';
import { CorrelationId, CurrentActor, newId, Roles } from '@budget/platform';
import { ExecuteSheetCommand } from '../execute-sheet-command';
import { InputReader } from '../sheet-input';
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
    const input = new InputReader(body);
    const expectedVersion = input.expectedVersion(ifMatch);
    const projectName = input.string('projectName', '项目名称');
    const goal = input.string('goal', '绩效目标');
    const funding = input.funding('funding');
    input.rejectUnknown(['expectedVersion', 'projectName', 'goal', 'funding']);
    input.done();
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
    const input = new InputReader(body);
    const expectedVersion = input.expectedVersion(ifMatch);
    const indicator = input.indicator(body, 'indicator', newId, { partial: false }) as IndicatorInput;
    const position = input.integer('position', '位置');
    input.done();
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
    const input = new InputReader(body);
    const expectedVersion = input.expectedVersion(ifMatch);
    const changes = input.indicator(body, 'indicator', newId, { partial: true }) as IndicatorChanges;
    input.done();
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
    @Query('expectedVersion') expectedVersionQuery: string | undefined,
  ): Promise<SheetView> {
    const input = new InputReader(expectedVersionQuery !== undefined ? { expectedVersion: Number(expectedVersionQuery) } : {});
    const expectedVersion = input.expectedVersion(ifMatch);
    input.done();
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
    const input = new InputReader(body);
    const expectedVersion = input.expectedVersion(ifMatch);
    const indicatorIds = input.stringList('indicatorIds', '指标顺序', { required: true });
    input.rejectUnknown(['expectedVersion', 'indicatorIds']);
    input.done();
    return this.commands.execute(
      new ExecuteSheetCommand({ actor, correlationId }, sheetId, expectedVersion, (metadata) => [
        { type: 'ReorderIndicators', data: { sheetId, indicatorIds: indicatorIds! }, metadata },
      ]),
    );
  }
}
