import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type CommandMetadata, DomainError, type SheetCommand, sheetStreamId } from '@budget/domain';
import { commandMetadata, type RequestContext } from '../infrastructure/command-context';
import { SheetRepository } from '../infrastructure/repositories';
import { projectSheet, sheetView, type SheetView } from './sheet-view';

/** Every write of a sheet: the domain commands to decide, in order, against the version the client saw. */
export class ExecuteSheetCommand extends Command<SheetView> {
  constructor(
    readonly ctx: RequestContext,
    readonly sheetId: string,
    readonly expectedVersion: number | undefined,
    readonly build: (metadata: CommandMetadata) => SheetCommand[],
  ) {
    super();
  }
}

@CommandHandler(ExecuteSheetCommand)
export class ExecuteSheetCommandHandler implements ICommandHandler<ExecuteSheetCommand> {
  constructor(private readonly sheets: SheetRepository) {}

  async execute(c: ExecuteSheetCommand): Promise<SheetView> {
    const meta = commandMetadata(c.ctx);
    const commands = c.build(meta);
    if (commands.length === 0) throw new DomainError('VALIDATION_FAILED', '没有要修改的内容');
    const result = await this.sheets.execute(sheetStreamId(c.sheetId), commands, {
      ...(c.expectedVersion !== undefined ? { expectedVersion: c.expectedVersion } : {}),
      project: (client, state, version) => (state.status === 'empty' ? Promise.resolve() : projectSheet(client, state, version, meta.now)),
    });
    if (result.state.status === 'empty') throw new DomainError('NOT_FOUND', '绩效目标表不存在');
    return sheetView(result.state, result.version, meta.now);
  }
}
