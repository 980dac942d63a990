import { createUpcaster, isRecord, malformed, type StoredEvent, type UpcastStep } from '../core/upcasting';
import { type ReviewEvent, type ReviewEventType } from './review.types';

/**
 * The version each event type is written with; readers upcast anything older. The six events a
 * reviewer signs are at version 2: they may carry `actingFor` (代理审批). v1 never did, so its data
 * is v2 data as it is; the version exists so that a reader of v1 refuses a v2 event instead of
 * dropping `actingFor` and showing the delegate as having acted in their own name.
 */
export const REVIEW_EVENT_SCHEMA_VERSIONS: Readonly<Record<ReviewEventType, number>> = {
  ReviewOpened: 1,
  FindingsRecorded: 1,
  LevelTaskOpened: 1,
  WarningsAcknowledged: 2,
  WaiverDecided: 2,
  LevelApproved: 2,
  ReviewRevisionRequested: 2,
  ReviewApproved: 2,
  ReviewRejected: 2,
  ReviewCancelled: 1,
};

/** v1 → v2 of a signed event: a signed action without a delegate. */
const signedInOwnName: UpcastStep = (data) => {
  if (!isRecord(data)) return malformed('data is not an object');
  if (typeof data['by'] !== 'string') return malformed('by is not text');
  if (Object.hasOwn(data, 'actingFor')) return malformed('a v1 event cannot name a delegator');
  return data;
};

/**
 * Pure: the same stored event always gives the same current event. Throws EventSchemaError for an
 * unknown type, a version newer than this code, or data that is not an object.
 */
export const upcastReviewEvent: (stored: StoredEvent) => ReviewEvent = createUpcaster<ReviewEvent>(REVIEW_EVENT_SCHEMA_VERSIONS, {
  WarningsAcknowledged: { 1: signedInOwnName },
  WaiverDecided: { 1: signedInOwnName },
  LevelApproved: { 1: signedInOwnName },
  ReviewRevisionRequested: { 1: signedInOwnName },
  ReviewApproved: { 1: signedInOwnName },
  ReviewRejected: { 1: signedInOwnName },
});
