import { localCalendarStreamId, reviewStreamId, type SheetSubmitted, type SignOffChain, upcastReviewEvent } from '@budget/domain';
import { sheetFixtures } from '@budget/domain/testing';
import { type StatementResponder } from '@budget/event-store/testing';
import { LocalCalendarRepository } from '../../infrastructure/review.repository';
import { SignOffChainReadModel } from '../../sign-off-chains/sign-off-chain.read-model';
import { ReviewsQueries } from '../../reviews/reviews.queries';
import { loadRuleConfig } from '../../reviews/rule-config';
import { f, givenReview, regionCalendarOf, type ReviewScenario } from '../../testing/review-scenario';
import { OpenReviewCommand, OpenReviewHandler, reviewIdFor } from './open-review.handler';

const CHAIN: SignOffChain = [
  { level: 'department', role: 'department_reviewer', mayWaive: true, dueHours: 48 },
  { level: 'finance', role: 'finance_reviewer', mayWaive: true, dueHours: 72 },
];
const metadata = { now: f.NOW, actor: { id: 'review-service', role: 'system' as const, name: '自动审核' }, correlationId: 'corr-1', causationId: 'event-1' };

/** The read model answers: one earlier round ended, and the department configured a chain without the unit head. */
const respond: StatementResponder = (sql) => {
  if (sql.includes('count(*)')) return [{ n: 1 }];
  if (sql.includes('FROM sign_off_chains')) return [{ chain: CHAIN, version: 1, last_level_exception: null, updated_by: 'fin-1', updated_at: f.NOW }];
  return [];
};

function handlerOf(s: ReviewScenario): OpenReviewHandler {
  const db = s.store.transaction();
  return new OpenReviewHandler(s.reviews, new ReviewsQueries(db), new SignOffChainReadModel(db), loadRuleConfig({}), regionCalendarOf(s));
}

describe('open-review', () => {
  it('opens the submission’s review in the consumer’s transaction: round, chain of the moment, findings, submitter’s name', async () => {
    const s = await givenReview([], { respond });
    const tx = s.store.transaction();
    const changes = { fields: [{ field: 'goal', before: '旧目标', after: '新目标' }] } as unknown as SheetSubmitted['data']['changesSincePrevious'];
    const submitted = sheetFixtures.submitted({ submissionNo: 2, changesSincePrevious: changes }).data;
    await handlerOf(s).execute(new OpenReviewCommand(submitted, metadata, { 'clerk-1': '张三' }, tx));

    const reviewId = reviewIdFor(submitted.sheetId, 2);
    const events = (await s.store.readStream(reviewStreamId(reviewId))).map(upcastReviewEvent);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['ReviewOpened', 'LevelTaskOpened']));
    expect(events.find((e) => e.type === 'ReviewOpened')!.data).toMatchObject({ reviewId, sheetId: submitted.sheetId, submissionNo: 2, round: 2, chain: CHAIN });
    expect(events.find((e) => e.type === 'LevelTaskOpened')!.data).toMatchObject({ level: 'department' });
    // Read model and notification requests went into the consumer's transaction, not one of the store's own.
    const row = tx.statements.find((x) => x.sql.includes('INSERT INTO reviews'))!;
    expect(JSON.parse(String(row.params[16]))).toMatchObject({ people: { 'clerk-1': '张三' }, currentLevel: 'department' });
    expect(s.store.statements).toEqual([]);
  });

  it('counts a level in working days on the region’s calendar: the statutory days with the region’s own day off', async () => {
    const chain: SignOffChain = [{ level: 'department', role: 'department_reviewer', mayWaive: true, dueHours: 48, dueWorkingDays: 5 }, CHAIN[1]!];
    const s = await givenReview([], {
      respond: (sql) => (sql.includes('FROM sign_off_chains') ? [{ chain, version: 1, last_level_exception: null, updated_by: 'fin-1', updated_at: f.NOW }] : sql.includes('count(*)') ? [{ n: 0 }] : []),
    });
    // Given: the region took Wednesday 2025-03-05 off.
    await new LocalCalendarRepository(s.store).execute(localCalendarStreamId('default'), {
      type: 'SetLocalCalendarDay',
      data: { regionId: 'default', date: '2025-03-05', kind: 'day_off', reason: '区运动会' },
      metadata: { now: f.NOW, actor: f.admin, correlationId: 'corr-0' },
    });
    const submitted = sheetFixtures.submitted().data;
    // When: the submission arrives on Sunday 2025-03-02 (Beijing).
    await handlerOf(s).execute(new OpenReviewCommand(submitted, metadata, {}, s.store.transaction()));
    // Then: five working days after Sunday are Mon–Fri without Wednesday, and the next Monday.
    const events = (await s.store.readStream(reviewStreamId(reviewIdFor(submitted.sheetId, submitted.submissionNo)))).map(upcastReviewEvent);
    expect(events.find((e) => e.type === 'LevelTaskOpened')!.data).toMatchObject({ level: 'department', dueWorkingDays: 5, dueDate: '2025-03-10', dueAt: '2025-03-10T16:00:00.000Z' });
  });

  it('gives the same submission the same review, so a redelivery cannot open a second one', async () => {
    const s = await givenReview([], { respond: (sql) => (sql.includes('count(*)') ? [{ n: 0 }] : []) });
    const submitted = sheetFixtures.submitted().data;
    await handlerOf(s).execute(new OpenReviewCommand(submitted, metadata, {}, s.store.transaction()));
    await expect(handlerOf(s).execute(new OpenReviewCommand(submitted, metadata, {}, s.store.transaction()))).rejects.toMatchObject({ code: expect.any(String) });
    expect(await s.store.streamVersion(reviewStreamId(reviewIdFor(submitted.sheetId, submitted.submissionNo)))).toBeGreaterThan(0);
    expect(s.store.all().filter((e) => e.type === 'ReviewOpened')).toHaveLength(1);
  });
});
