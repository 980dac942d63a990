import { eventStoreMigration } from '@budget/platform';

export const EventStore1764200000000 = eventStoreMigration('EventStore1764200000000');
