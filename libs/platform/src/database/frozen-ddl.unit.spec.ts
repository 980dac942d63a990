import { eventStoreSchemaSql } from '@budget/event-store';
import { messagingSchemaSql } from '@budget/messaging';
import { eventStoreDdlV1 } from './frozen-ddl';

describe('the DDL the released migrations run', () => {
  it('is what the libraries create today; when they change, a new migration is owed', () => {
    // Failing here means eventStoreSchemaSql or messagingSchemaSql changed. Do not edit eventStoreDdlV1:
    // add a migration to intake, review and reporting that brings a v1 schema to the new DDL, and
    // compare the libraries with v1 plus that migration here instead.
    const today = [...eventStoreSchemaSql('svc'), ...messagingSchemaSql('svc').filter((sql) => !sql.startsWith('CREATE SCHEMA'))];
    expect(today).toEqual(eventStoreDdlV1('svc'));
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => eventStoreDdlV1('svc"; DROP TABLE x; --')).toThrow(/Invalid schema name/);
  });
});
