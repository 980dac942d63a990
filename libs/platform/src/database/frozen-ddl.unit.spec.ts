import { eventStoreSchemaSql } from '@budget/event-store';
import { messagingSchemaSql } from '@budget/messaging';
import { eventStoreDdlV1, eventStoreDdlV2 } from './frozen-ddl';

describe('the DDL the released migrations run', () => {
  it('is what the libraries create today; when they change, a new migration is owed', () => {
    // Failing here means eventStoreSchemaSql or messagingSchemaSql changed. Do not edit eventStoreDdlV1:
    // add a migration to intake, review and reporting that brings a v1 schema to the new DDL, and
    // compare the libraries with v1 plus that migration here instead (v2: v1 + outboxNotifyDdlV2).
    const today = [...eventStoreSchemaSql('svc'), ...messagingSchemaSql('svc').filter((sql) => !sql.startsWith('CREATE SCHEMA'))];
    expect(today).toEqual(eventStoreDdlV2('svc'));
    expect(eventStoreDdlV2('svc').filter((sql, i) => sql !== eventStoreDdlV1('svc')[i])).toHaveLength(1);
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => eventStoreDdlV1('svc"; DROP TABLE x; --')).toThrow(/Invalid schema name/);
  });
});
