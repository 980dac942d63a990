import { eventStoreMigration } from '@budget/platform';

export const EventStore1764100000000 = eventStoreMigration('EventStore1764100000000');
