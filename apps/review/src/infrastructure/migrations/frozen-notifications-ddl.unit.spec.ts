import { notificationsSchemaSql } from '@budget/notifications';
import { contactsByPostDdl, notificationsDdlV1, notificationsDdlV2 } from './frozen-notifications-ddl';

describe('the notification DDL review’s released migrations run', () => {
  it('is what libs/notifications creates today; when it changes, a new migration is owed', () => {
    // Failing here means notificationsSchemaSql changed. Do not edit notificationsDdlV1 or V2: add a
    // review migration that brings a v2 schema to the new DDL, and compare the library with v2 plus
    // that migration here instead (as v2 is v1 plus contactsByPostDdl).
    expect(notificationsSchemaSql('svc')).toEqual(notificationsDdlV2('svc'));
  });

  it('v2 is v1 and the contacts by post, nothing else', () => {
    const v1 = notificationsDdlV1('svc');
    const v2 = notificationsDdlV2('svc');
    expect(v2.filter((sql) => !v1.includes(sql))).toEqual(contactsByPostDdl('svc'));
    expect(v2.filter((sql) => v1.includes(sql))).toEqual(v1);
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => notificationsDdlV1('svc"; DROP TABLE x; --')).toThrow(/Invalid schema name/);
    expect(() => contactsByPostDdl('svc"; DROP TABLE x; --')).toThrow(/Invalid schema name/);
  });
});
