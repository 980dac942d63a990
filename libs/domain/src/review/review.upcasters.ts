import { createUpcaster, type StoredEvent } from '../core/upcasting';
import { type ReviewEvent, type ReviewEventType } from './review.types';

/** The version each event type is written with; readers upcast anything older. All are at version 1. */
export const REVIEW_EVENT_SCHEMA_VERSIONS: Readonly<Record<ReviewEventType, number>> = {
  ReviewOpened: 1,
  FindingsRecorded: 1,
  LevelTaskOpened: 1,
  WarningsAcknowledged: 1,
  WaiverDecided: 1,
  LevelApproved: 1,
  ReviewRevisionRequested: 1,
  ReviewApproved: 1,
  ReviewRejected: 1,
  ReviewCancelled: 1,
};

/**
 * Pure: the same stored event always gives the same current event. Throws EventSchemaError for an
 * unknown type, a version newer than this code, or data that is not an object. A future v2 adds
 * its step here: `{ ReviewOpened: { 1: (data) => ... } }`.
 */
export const upcastReviewEvent: (stored: StoredEvent) => ReviewEvent = createUpcaster<ReviewEvent>(REVIEW_EVENT_SCHEMA_VERSIONS, {});
