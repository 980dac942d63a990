import { type PublishedSheetReopened, type ReopenAfterPublication } from '@budget/domain';
import { type EventStoreTransaction } from '@budget/event-store';
import { type PublicationRepository } from '../../infrastructure/publications.repository';

type Reopening = PublishedSheetReopened['data'];

async function recorded(publications: PublicationRepository, command: ReopenAfterPublication, tx?: EventStoreTransaction): Promise<Reopening | undefined> {
  const { departmentId, fiscalYear, sheetId } = command.data;
  const { state } = await publications.load(departmentId, fiscalYear, tx);
  return state.status === 'published' ? state.reopened.find((r) => r.sheetId === sheetId) : undefined;
}

/**
 * PublishedSheetReopened once per sheet and published version, by whichever path comes first: the
 * route's handler after intake reopened the sheet, or the consumer of intake's SheetReopened (when
 * the handler died in between). What is already recorded is the answer; nothing is recorded twice.
 */
export async function recordReopening(publications: PublicationRepository, command: ReopenAfterPublication, tx?: EventStoreTransaction): Promise<{ readonly reopening: Reopening; readonly appended: boolean }> {
  const before = await recorded(publications, command, tx);
  if (before) return { reopening: before, appended: false };
  const { departmentId, fiscalYear } = command.data;
  try {
    const { events } = await publications.execute(departmentId, fiscalYear, command, tx ? { transaction: tx } : {});
    const event = events.find((e) => e.type === 'PublishedSheetReopened');
    if (!event || event.type !== 'PublishedSheetReopened') throw new Error('ReopenAfterPublication decided no PublishedSheetReopened');
    return { reopening: event.data, appended: true };
  } catch (error) {
    // The other path appended between our read and our write: its record is ours. (In a caller's
    // transaction the failed statement aborted it; the consumer handles the message again instead.)
    const after = tx ? undefined : await recorded(publications, command);
    if (after) return { reopening: after, appended: false };
    throw error;
  }
}
