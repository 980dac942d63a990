import { localCalendarStreamId, reviewStreamId, type SheetSubmitted, type SignOffChain, upcastReviewEvent } from '@budget/domain';
import { sheetFixtures } from '@budget/domain/testing';
import { type StatementResponder } from '@budget/event-store/testing';
import { LocalCalendarRepository } from '../../infrastructure/review.repository';
import { type RegionCalendar } from '../../deadlines/region-calendar';
import { loadRuleConfig } from '../../reviews/rule-config';
import { f, givenReview, regionCalendarOf, type ReviewScenario } from '../../testing/review-scenario';
import { OpenReviewCommand, OpenReviewHandler, reviewIdFor } from './open-review.handler';
import { OpeningContextQuery } from './opening-context.query';

const CHAIN: SignOffChain = [
  { level: 'department', role: 'department_reviewer', mayWaive: true, dueHours: 48 },
  { level: 'finance', role: 'finance_reviewer', mayWaive: true, dueHours: 72 },
];
const metadata = { now: f.NOW, actor: { id: 'review-service', role: 'system' as const, name: '自动审核' }, correlationId: 'corr-1', causationId: 'event-1' };

/** The one statement of open-review's reads, answered as the read models hold them. */
function opening(context: { ended?: number; chain?: SignOffChain | null; unitName?: string | null; calendarVersion?: number | null }): StatementResponder {
  return (sql) =>
    sql.includes('FROM sign_off_chains')
      ? [{ ended: context.ended ?? 0, chain: context.chain ?? null, unit_name: context.unitName ?? null, calendar_version: context.calendarVersion ?? null }]
      : [];
}

/** The read model answers: one earlier round ended, and the department configured a chain without the unit head. */
const respond = opening({ ended: 1, chain: CHAIN, unitName: '中共广州市荔湾区委组织部' });

function handlerOf(s: ReviewScenario, calendars: RegionCalendar = regionCalendarOf(s)): OpenReviewHandler {
  return new OpenReviewHandler(s.reviews, new OpeningContextQuery(s.store.transaction()), loadRuleConfig({}), calendars);
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
    // One statement read the round, the chain, the unit's name and the calendar's version; the notification was written with that name.
    expect(tx.statements.filter((x) => /unit_names|sign_off_chains|FROM reviews/.test(x.sql))).toHaveLength(1);
    expect(JSON.stringify(tx.statements.filter((x) => x.sql.includes('notification')).map((x) => x.params))).toContain('中共广州市荔湾区委组织部');
  });

  it('counts a level in working days on the region’s calendar: the statutory days with the region’s own day off', async () => {
    const chain: SignOffChain = [{ level: 'department', role: 'department_reviewer', mayWaive: true, dueHours: 48, dueWorkingDays: 5 }, CHAIN[1]!];
    const s = await givenReview([], { respond: opening({ chain, calendarVersion: 1 }) });
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
    const s = await givenReview([], { respond: opening({}) });
    const submitted = sheetFixtures.submitted().data;
    await handlerOf(s).execute(new OpenReviewCommand(submitted, metadata, {}, s.store.transaction()));
    await expect(handlerOf(s).execute(new OpenReviewCommand(submitted, metadata, {}, s.store.transaction()))).rejects.toMatchObject({ code: expect.any(String) });
    expect(await s.store.streamVersion(reviewStreamId(reviewIdFor(submitted.sheetId, submitted.submissionNo)))).toBeGreaterThan(0);
    expect(s.store.all().filter((e) => e.type === 'ReviewOpened')).toHaveLength(1);
  });

  it('reuses the calendar built at the version it just read, and reads the stream again once a day has changed', async () => {
    let calendarVersion = 0;
    const s = await givenReview([], { respond: (sql, params) => opening({ calendarVersion })(sql, params) });
    const calendars = regionCalendarOf(s);
    const reads = jest.spyOn(calendars, 'state');
    const open = (submissionNo: number) =>
      handlerOf(s, calendars).execute(new OpenReviewCommand(sheetFixtures.submitted({ submissionNo }).data, metadata, {}, s.store.transaction()));
    await open(1);
    await open(2);
    expect(reads).toHaveBeenCalledTimes(1);
    // An admin sets a day: the stream moves to version 1, and the next review reads it.
    await new LocalCalendarRepository(s.store).execute(localCalendarStreamId('default'), {
      type: 'SetLocalCalendarDay',
      data: { regionId: 'default', date: '2025-03-05', kind: 'day_off', reason: '区运动会' },
      metadata: { now: f.NOW, actor: f.admin, correlationId: 'corr-0' },
    });
    calendarVersion = 1;
    await open(3);
    await open(4);
    expect(reads).toHaveBeenCalledTimes(2);
  });
});
