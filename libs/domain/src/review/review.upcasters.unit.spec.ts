import { EventSchemaError } from '../core/upcasting';
import { foldReview } from './review.decider';
import { type ReviewEvent } from './review.types';
import { REVIEW_EVENT_SCHEMA_VERSIONS, upcastReviewEvent } from './review.upcasters';
import {
  acknowledge,
  approve,
  B_GOAL,
  BLOCKING_WITH_REQUESTS,
  cmd,
  decideWaiver,
  financeReviewer,
  KEY,
  openReview,
  play,
  system,
} from './testing/review-fixtures';

/** What the store hands a reader: the JSON text of the data, parsed. */
const stored = (event: ReviewEvent, schemaVersion = REVIEW_EVENT_SCHEMA_VERSIONS[event.type]) => ({
  type: event.type,
  schemaVersion,
  data: JSON.parse(JSON.stringify(event.data)) as unknown,
});

const APPROVED: readonly ReviewEvent[] = play(
  openReview(BLOCKING_WITH_REQUESTS),
  acknowledge('unit_head', [KEY.satisfaction]),
  approve('unit_head'),
  acknowledge('department', [KEY.satisfaction]),
  decideWaiver('department', [KEY.goal, KEY.value], true),
  approve('department'),
  acknowledge('finance', [KEY.satisfaction]),
  cmd('GradeReview', { level: 'finance', grade: '优' }, financeReviewer),
);

const ALL_TYPES: readonly ReviewEvent[] = [
  ...APPROVED,
  ...play(openReview({ findings: [B_GOAL] })).slice(2),
  ...play(openReview(), cmd('CancelReview', { reason: '撤回' }, system)).slice(3),
  ...play(
    openReview({ findings: [] }),
    approve('unit_head'),
    approve('department'),
    cmd('GradeReview', { level: 'finance', grade: '差', comments: '不予安排' }, financeReviewer),
  ).slice(-1),
];

describe('review event schemas', () => {
  it('has every event type at its version: the six signed events at 2 (they may carry actingFor), the others at 1', () => {
    expect(new Set(ALL_TYPES.map((e) => e.type))).toEqual(new Set(Object.keys(REVIEW_EVENT_SCHEMA_VERSIONS)));
    const atVersion = (v: number) => Object.keys(REVIEW_EVENT_SCHEMA_VERSIONS).filter((type) => REVIEW_EVENT_SCHEMA_VERSIONS[type as ReviewEvent['type']] === v);
    expect(atVersion(2)).toEqual(['WarningsAcknowledged', 'WaiverDecided', 'LevelApproved', 'ReviewRevisionRequested', 'ReviewApproved', 'ReviewRejected']);
    expect(atVersion(1)).toEqual(['ReviewOpened', 'FindingsRecorded', 'LevelTaskOpened', 'ReviewCancelled']);
  });

  it('reads a v1 signed event (written before delegation) as a v2 event acted in the signer\'s own name', () => {
    const signed = ALL_TYPES.filter((e) => REVIEW_EVENT_SCHEMA_VERSIONS[e.type] === 2);
    expect(signed.length).toBeGreaterThanOrEqual(6);
    for (const event of signed) {
      const upcast = upcastReviewEvent(stored(event, 1));
      expect(upcast).toEqual(event);
      expect(upcast.data).not.toHaveProperty('actingFor');
    }
  });

  it('refuses a v1 signed event that names a delegator, or has no signer', () => {
    const approved = APPROVED.find((e) => e.type === 'LevelApproved')!;
    const code = (data: unknown) => {
      try {
        upcastReviewEvent({ type: 'LevelApproved', schemaVersion: 1, data });
      } catch (e) {
        return e instanceof EventSchemaError ? e.code : e;
      }
      return 'no error';
    };
    expect(code({ ...stored(approved).data as object, actingFor: { delegatorId: 'x', delegationId: 'd' } })).toBe('MALFORMED_EVENT');
    expect(code({ ...stored(approved).data as object, by: 7 })).toBe('MALFORMED_EVENT');
  });

  it('reads back every current event as written, and the fold is the same', () => {
    for (const event of ALL_TYPES) expect(upcastReviewEvent(stored(event))).toEqual(event);
    expect(foldReview(APPROVED.map((e) => upcastReviewEvent(stored(e))))).toEqual(foldReview(APPROVED));
    expect(foldReview(APPROVED)).toMatchObject({ status: 'approved' });
  });

  it('refuses unknown types, unsupported versions and data that is not an object', () => {
    const opened = ALL_TYPES[0]!;
    const error = (s: { type: string; schemaVersion: number; data: unknown }) => {
      try {
        upcastReviewEvent(s);
      } catch (e) {
        return e instanceof EventSchemaError ? e.code : e;
      }
      return 'no error';
    };
    expect(error({ type: 'ReviewReopened', schemaVersion: 1, data: {} })).toBe('UNKNOWN_EVENT_TYPE');
    expect(error({ ...stored(opened), schemaVersion: 2 })).toBe('UNSUPPORTED_SCHEMA_VERSION');
    expect(error({ ...stored(APPROVED.at(-1)!), schemaVersion: 3 })).toBe('UNSUPPORTED_SCHEMA_VERSION');
    expect(error({ ...stored(opened), schemaVersion: 0 })).toBe('UNSUPPORTED_SCHEMA_VERSION');
    expect(error({ ...stored(opened), data: 'text' })).toBe('MALFORMED_EVENT');
  });
});
