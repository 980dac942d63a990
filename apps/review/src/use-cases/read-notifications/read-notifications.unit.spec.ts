import { delivery, InMemoryDeliveries } from '../../testing/notifications-doubles';
import { ReadNotificationsHandler, ReadNotificationsQuery } from './read-notifications.handler';

describe('read-notifications (某事件的通知投递)', () => {
  it('given deliveries of two events, when asking for one event, then every delivery of that event comes and none of the other', async () => {
    const deliveries = new InMemoryDeliveries([delivery('d1', 'evt-a'), delivery('d2', 'evt-b', 'email'), delivery('d3', 'evt-a', 'webhook')]);
    const { items } = await new ReadNotificationsHandler(deliveries).execute(new ReadNotificationsQuery('evt-a'));
    expect(items.map((d) => [d.id, d.channel])).toEqual([
      ['d1', 'inbox'],
      ['d3', 'webhook'],
    ]);
  });

  it('answers an empty list for an event nothing was derived from', async () => {
    await expect(new ReadNotificationsHandler(new InMemoryDeliveries()).execute(new ReadNotificationsQuery('evt-none'))).resolves.toEqual({ items: [] });
  });
});
