import { reviewStreamId, upcastReviewEvent } from '@budget/domain';
import { sheetFixtures } from '@budget/domain/testing';
import { reviewIdFor } from '../open-review/open-review.handler';
import { ReviewsQueries } from '../../reviews/reviews.queries';
import { cancelledKeys, f, givenReview } from '../../testing/review-scenario';
import { CancelReviewCommand, CancelReviewHandler } from './cancel-review.handler';

const REVIEW = reviewIdFor(f.SHEET_ID, 1);
const metadata = { now: f.NOW, actor: f.system, correlationId: 'corr-1', causationId: 'event-1' };

async function withdrawnWhile(status: string | undefined) {
  const s = await givenReview(f.play(f.openReview({ reviewId: REVIEW })), { reviewId: REVIEW, respond: (sql) => (sql.includes('SELECT status') && status ? [{ status }] : []) });
  const tx = s.store.transaction();
  const recorded = await new CancelReviewHandler(s.reviews, new ReviewsQueries(tx)).execute(new CancelReviewCommand(sheetFixtures.withdrawn(1).data, metadata, tx));
  return { s, recorded, tx };
}

describe('cancel-review', () => {
  it('cancels the review of a withdrawn submission that is still open, with its deadline reminders', async () => {
    const { s, recorded } = await withdrawnWhile('awaiting_level');
    expect(recorded.map((e) => e.type)).toEqual(['ReviewCancelled']);
    const events = (await s.store.readStream(reviewStreamId(REVIEW))).map(upcastReviewEvent);
    expect(events.at(-1)).toMatchObject({ type: 'ReviewCancelled', data: { reason: '单位撤回了报送' } });
    expect(cancelledKeys(s)).toEqual([]);
  });

  it('leaves a review that already ended, or was never opened, alone', async () => {
    for (const status of ['approved', 'revision_requested', undefined]) {
      const { recorded } = await withdrawnWhile(status);
      expect(recorded).toEqual([]);
    }
  });
});
