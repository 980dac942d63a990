import { deadLetter, InMemoryDeliveries } from '../../testing/notifications-doubles';
import { RetryWebhookDeadLetterCommand, RetryWebhookDeadLetterHandler } from './retry-webhook-dead-letter.handler';

function given() {
  const deliveries = new InMemoryDeliveries([], [deadLetter('7')]);
  const retry = (id: string) => new RetryWebhookDeadLetterHandler(deliveries).execute(new RetryWebhookDeadLetterCommand(id));
  return { deliveries, retry };
}

describe('retry-webhook-dead-letter (重试 Webhook 死信)', () => {
  it('given a dead letter, when an admin retries it, then it is sent again and the answer says so', async () => {
    const { deliveries, retry } = given();
    await expect(retry('7')).resolves.toEqual({ id: '7', retried: true });
    expect(deliveries.deadLetters[0]!.retriedAt).toBeInstanceOf(Date);
  });

  it('refuses, in Chinese, a second retry of the same dead letter and an unknown one', async () => {
    const { retry } = given();
    await retry('7');
    for (const id of ['7', '8']) await expect(retry(id)).rejects.toMatchObject({ code: 'NOT_FOUND', message: '该死信不存在或已重试' });
  });
});
