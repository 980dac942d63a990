import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { authorize, CARRY_FORWARD_LABELS, DomainError, mayCreateDraft } from '@budget/domain';
import { commandMetadata, type RequestContext } from '../../infrastructure/command-context';
import { SheetRepository } from '../../infrastructure/repositories';
import { type SheetView, writtenSheetView } from '../../sheets/sheet-view';
import { carriedSheetId, CarryForwardSheetCommand } from './carry-forward-sheet.command';

/**
 * The origin is loaded from its own stream and handed to the sheet's decider, which copies it onto
 * the new stream. Who may carry it is asked first: someone who may not gets 403, not the news
 * that it was already carried. A repeat is ALREADY_EXISTS (409 已结转) naming the existing sheet.
 */
export async function carryForward(sheets: SheetRepository, ctx: RequestContext, originId: string): Promise<SheetView> {
  const { state: origin } = await sheets.load(originId);
  if (origin.status === 'empty') throw new DomainError('NOT_FOUND', CARRY_FORWARD_LABELS.originMissing);
  authorize(mayCreateDraft(ctx.actor, origin.content));
  const fiscalYear = origin.content.fiscalYear + 1;
  const sheetId = carriedSheetId(originId, fiscalYear);
  const metadata = commandMetadata(ctx);
  try {
    const created = await sheets.execute(sheetId, { type: 'CarryForwardSheet', data: { sheetId, origin }, metadata });
    return writtenSheetView(created, metadata.now);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'ALREADY_EXISTS') throw new DomainError('ALREADY_EXISTS', CARRY_FORWARD_LABELS.alreadyCarried(fiscalYear), { sheetId });
    throw e;
  }
}

@CommandHandler(CarryForwardSheetCommand)
export class CarryForwardSheetHandler implements ICommandHandler<CarryForwardSheetCommand> {
  constructor(private readonly sheets: SheetRepository) {}

  execute({ ctx, originId }: CarryForwardSheetCommand): Promise<SheetView> {
    return carryForward(this.sheets, ctx, originId);
  }
}
