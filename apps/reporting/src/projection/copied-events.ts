import { type RecordedEvent, type ReportEventError, type ReportModel, projectEvents } from '@budget/domain';
import { entityIdOf } from './stream-step';

/** One row of the reporting copy: the event as received, and where the copy holds it. */
export interface CopiedEvent {
  /** The copy's own position (decimal string): the reporting log's sequence. */
  readonly position: string;
  /** The globalPosition the producing service gave it. */
  readonly sourcePosition: string;
  readonly envelope: RecordedEvent;
}

/** The event as the projection sees it: positions are the copy's, never those of the producing service. */
export function asProjected(row: CopiedEvent): RecordedEvent {
  return { ...row.envelope, globalPosition: row.position };
}

/**
 * The order in which sheets were created, by the producer's global position of their DraftCreated.
 * The copy interleaves partitions and topics as they arrive, so its positions order events of one
 * stream, but not the creation of two sheets; intake's log does (an import creates sheets in table order).
 */
export type CreationOrder = ReadonlyMap<string, bigint>;

export interface FoldedCopy {
  readonly model: ReportModel;
  readonly creation: CreationOrder;
  readonly errors: readonly { readonly position: string; readonly error: ReportEventError }[];
}

/** Folds rows of the copy, in position order, into a fresh model (the table as of the last row). */
export function foldCopied(rows: Iterable<CopiedEvent>): FoldedCopy {
  const creation = new Map<string, bigint>();
  const errors: { position: string; error: ReportEventError }[] = [];
  let current: CopiedEvent | null = null;
  const projected = (function* (): Iterable<RecordedEvent> {
    for (const row of rows) {
      current = row;
      const entity = entityIdOf(row.envelope.streamId);
      if (row.envelope.type === 'DraftCreated' && entity?.kind === 'sheet' && !creation.has(entity.id)) {
        creation.set(entity.id, BigInt(row.sourcePosition));
      }
      yield asProjected(row);
    }
  })();
  // Rows in the copy were applied once already; an error here means the code changed since.
  const model = projectEvents(projected, {
    onError: (error) => errors.push({ position: current?.position ?? '?', error }),
  });
  return { model, creation, errors };
}
