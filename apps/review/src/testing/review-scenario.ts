import { randomUUID } from 'node:crypto';
import { type Actor, DomainError, type DomainErrorCode, REVIEW_EVENT_SCHEMA_VERSIONS, type ReviewEvent, reviewStreamId, upcastReviewEvent } from '@budget/domain';
import { reviewFixtures as f } from '@budget/domain/testing';
import { InMemoryEventStore, type RecordedStatement, type StatementResponder } from '@budget/event-store/testing';
import { Notifier, type RecipientDirectory } from '@budget/notifications';
import { type RequestContext } from '@budget/platform';
import type { Pool } from 'pg';
import { ActingForResolver } from '../delegations/acting-for';
import { DelegationsReadModel } from '../delegations/delegations.read-model';
import { RegionCalendar } from '../deadlines/region-calendar';
import { DelegationRepository, LocalCalendarRepository, ReviewRepository } from '../infrastructure/review.repository';
import { UnitNames } from '../infrastructure/unit-names';
import { ReviewNotifications } from '../notifications/review-notifications';
import { ReviewReadModel } from '../reviews/review-read-model';
import { ReviewWriter } from '../reviews/review-writer';

export { reviewFixtures as f } from '@budget/domain/testing';

/** Everyone the notifications address is this one reviewer: enough to see which requests a command makes. */
const directory: RecipientDirectory = {
  recipients: () => Promise.resolve([{ userId: 'reader-1', role: 'department_reviewer' }]),
  webhookSubscriptions: () => Promise.resolve([]),
  webhookSubscription: () => Promise.resolve(undefined),
};

export function ctx(actor: Actor): RequestContext {
  return { actor, correlationId: 'corr-test' };
}

export interface ReviewScenario {
  readonly store: InMemoryEventStore;
  readonly reviews: ReviewWriter;
  /** The review's version after the given events. */
  readonly version: number;
  /** The events appended to the fixture review's stream since the given ones, upcast. */
  newEvents(): Promise<ReviewEvent[]>;
  /** The statements the committed appends ran on `table` (read model, notification requests). */
  statementsOn(table: string): RecordedStatement[];
}

/**
 * Given: the fixture review's stream (or `reviewId`'s) holds `history` (events the domain's decider wrote, see
 * reviewFixtures), on an in-memory store; the application's review writer on top of it, with its
 * read model and notifications writing into recording transactions.
 */
export async function givenReview(
  history: readonly ReviewEvent[],
  opts: { readonly respond?: StatementResponder; readonly reviewId?: string } = {},
): Promise<ReviewScenario> {
  const store = new InMemoryEventStore(opts.respond ? { respond: opts.respond } : {});
  const streamId = reviewStreamId(opts.reviewId ?? f.REVIEW_ID);
  if (history.length > 0) {
    await store.append(
      streamId,
      history.map((e) => ({
        eventId: randomUUID(),
        type: e.type,
        schemaVersion: REVIEW_EVENT_SCHEMA_VERSIONS[e.type],
        data: e.data,
        metadata: { occurredAt: f.NOW, actor: f.system, correlationId: 'corr-given', causationId: null },
      })),
      0,
    );
  }
  const notifier = new Notifier({} as Pool, directory, { schema: 'review', reminderLeadMs: 24 * 60 * 60 * 1000 });
  const reviews = new ReviewWriter(
    new ReviewRepository(store),
    new ReviewReadModel(),
    new ReviewNotifications(notifier, new UnitNames(store.transaction()), directory),
    new ActingForResolver(new DelegationRepository(store), new DelegationsReadModel(store.transaction())),
  );
  return {
    store,
    reviews,
    version: history.length,
    newEvents: async () => (await store.readStream(streamId, history.length + 1)).map(upcastReviewEvent),
    statementsOn: (table) => store.statements.filter((s) => s.sql.includes(table)),
  };
}

/** Then: refused with this code (and message), and nothing appended. */
export async function expectRefused(scenario: ReviewScenario, attempt: Promise<unknown>, code: DomainErrorCode, message?: string | RegExp): Promise<DomainError> {
  const error = await attempt.then(
    () => new Error('the command was not refused'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe(code);
  if (message !== undefined) expect((error as DomainError).message).toMatch(message);
  expect(await scenario.newEvents()).toEqual([]);
  expect(scenario.store.statements).toEqual([]);
  return error as DomainError;
}

/** The kinds of notification requests the committed appends inserted. */
export function requestedKinds(scenario: ReviewScenario): string[] {
  return scenario.statementsOn('INSERT INTO "review".notification_requests').flatMap((s) => (JSON.parse(String(s.params[0])) as { kind: string }[]).map((r) => r.kind));
}

/** The cancel keys of the notification requests the committed appends cancelled (a task's deadline reminders). */
export function cancelledKeys(scenario: ReviewScenario): string[] {
  return scenario.statementsOn('UPDATE "review".notification_requests').map((s) => String(s.params[0]));
}

/** The region calendar of the scenario's store (region `default`): the statutory calendar plus what local-calendar-default holds. */
export function regionCalendarOf(scenario: Pick<ReviewScenario, 'store'>, regionId = 'default'): RegionCalendar {
  return new RegionCalendar(new LocalCalendarRepository(scenario.store), { regionId });
}
