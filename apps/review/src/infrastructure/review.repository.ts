import { Inject, Injectable } from '@nestjs/common';
import {
  DELEGATION_EVENT_SCHEMA_VERSIONS,
  type DelegationCommand,
  delegationDecider,
  type DelegationEvent,
  type DelegationState,
  LOCAL_CALENDAR_EVENT_SCHEMA_VERSIONS,
  type LocalCalendarCommand,
  localCalendarDecider,
  type LocalCalendarEvent,
  type LocalCalendarState,
  type ReviewCommand,
  reviewDecider,
  type ReviewEvent,
  REVIEW_EVENT_SCHEMA_VERSIONS,
  type ReviewState,
  SIGN_OFF_CHAIN_EVENT_SCHEMA_VERSIONS,
  type SignOffChainCommand,
  signOffChainDecider,
  type SignOffChainEvent,
  type SignOffChainState,
  upcastDelegationEvent,
  upcastLocalCalendarEvent,
  upcastReviewEvent,
  upcastSignOffChainEvent,
} from '@budget/domain';
import { type EventStore } from '@budget/event-store';
import { EVENT_STORE, EventSourcedRepository } from '@budget/platform';

export const REVIEW_SCHEMA = 'review';

@Injectable()
export class ReviewRepository extends EventSourcedRepository<ReviewCommand, ReviewEvent, ReviewState> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    // A submission's review (its id drawn from the sheet and the submission's number) is new but for a message handled again.
    super(
      store,
      { name: 'review', decider: reviewDecider, upcast: upcastReviewEvent, schemaVersions: REVIEW_EVENT_SCHEMA_VERSIONS },
      { presumeNew: (commands) => commands.every((c) => c.type === 'OpenReview') },
    );
  }
}

/** The sign-off chain of each department, one stream per department (sign-off-chain-<departmentId>). */
@Injectable()
export class SignOffChainRepository extends EventSourcedRepository<SignOffChainCommand, SignOffChainEvent, SignOffChainState> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, { name: 'sign-off chain', decider: signOffChainDecider, upcast: upcastSignOffChainEvent, schemaVersions: SIGN_OFF_CHAIN_EVENT_SCHEMA_VERSIONS });
  }
}

/** The delegations (代理审批) each person gave, one stream per delegator (delegations-<delegatorId>). */
@Injectable()
export class DelegationRepository extends EventSourcedRepository<DelegationCommand, DelegationEvent, DelegationState> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, { name: 'delegation', decider: delegationDecider, upcast: upcastDelegationEvent, schemaVersions: DELEGATION_EVENT_SCHEMA_VERSIONS });
  }
}

/** The region's own working days and days off (local-calendar-<regionId>), edited by an admin. */
@Injectable()
export class LocalCalendarRepository extends EventSourcedRepository<LocalCalendarCommand, LocalCalendarEvent, LocalCalendarState> {
  constructor(@Inject(EVENT_STORE) store: EventStore) {
    super(store, { name: 'local calendar', decider: localCalendarDecider, upcast: upcastLocalCalendarEvent, schemaVersions: LOCAL_CALENDAR_EVENT_SCHEMA_VERSIONS });
  }
}
