import { Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { type RecordedEvent, type ReopenAfterPublication, type SheetReopened } from '@budget/domain';
import { type EventStoreTransaction } from '@budget/event-store';
import { PublicationRepository } from '../../infrastructure/publications.repository';
import { recordReopening } from './record-reopening';

/** Intake reopened a sheet after publication (its SheetReopened names the publication): the publication records it, if it has not. */
export class RecordSheetReopenedCommand extends Command<boolean> {
  constructor(
    readonly recorded: RecordedEvent,
    readonly reopened: SheetReopened['data'],
    readonly transaction: EventStoreTransaction,
  ) {
    super();
  }
}

/**
 * The consumer's half of reopen-published-sheet: appends PublishedSheetReopened in the consumer's
 * transaction when the route's handler did not (it died after intake's reopen). As the person who
 * asked, at the time intake recorded it, caused by intake's event. True when it appended.
 */
@CommandHandler(RecordSheetReopenedCommand)
export class RecordSheetReopenedHandler implements ICommandHandler<RecordSheetReopenedCommand> {
  private readonly logger = new Logger('Publications');

  constructor(private readonly publications: PublicationRepository) {}

  async execute({ recorded, reopened, transaction }: RecordSheetReopenedCommand): Promise<boolean> {
    const publication = reopened.publication;
    if (!publication) return false;
    const { departmentId, fiscalYear, publishedVersion } = publication;
    const { state } = await this.publications.load(departmentId, fiscalYear, transaction);
    // Published again since (the sheet excluded from the newer version): that version's reopenings are its own.
    if (state.status !== 'published' || state.versions.at(-1)!.version !== publishedVersion) return false;
    const command: ReopenAfterPublication = {
      type: 'ReopenAfterPublication',
      data: { departmentId, fiscalYear, sheetId: reopened.sheetId, reason: reopened.reason },
      metadata: { now: recorded.recordedAt, actor: recorded.actor, correlationId: recorded.correlationId, causationId: recorded.eventId },
    };
    const { appended } = await recordReopening(this.publications, command, transaction);
    if (appended) this.logger.warn(`sheet ${reopened.sheetId} reopened in intake without the publication's record: recorded from intake's event ${recorded.eventId}`);
    return appended;
  }
}
