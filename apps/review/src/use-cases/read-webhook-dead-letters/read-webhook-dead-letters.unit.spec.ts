import { deadLetter, InMemoryDeliveries } from '../../testing/notifications-doubles';
import { ReadWebhookDeadLettersHandler, ReadWebhookDeadLettersQuery } from './read-webhook-dead-letters.handler';

function given() {
  const deliveries = new InMemoryDeliveries([], [deadLetter('1', 'https://user:pw@hooks.example.org/a'), deadLetter('2')]);
  const read = (includeRetried: boolean) => new ReadWebhookDeadLettersHandler(deliveries).execute(new ReadWebhookDeadLettersQuery(includeRetried));
  return { deliveries, read };
}

describe('read-webhook-dead-letters (Webhook 死信)', () => {
  it('given two dead letters, when an admin lists them, then both come newest first, their URLs without credentials', async () => {
    const { read } = given();
    const { items } = await read(false);
    expect(items.map((d) => d.id)).toEqual(['2', '1']);
    expect(items[1]).toEqual({ ...deadLetter('1'), url: 'https://***@hooks.example.org/a' });
  });

  it('leaves a retried one out unless asked to include it', async () => {
    const { deliveries, read } = given();
    await deliveries.retryWebhookDeadLetter('2');
    expect((await read(false)).items.map((d) => d.id)).toEqual(['1']);
    expect((await read(true)).items.map((d) => d.id)).toEqual(['2', '1']);
  });
});
