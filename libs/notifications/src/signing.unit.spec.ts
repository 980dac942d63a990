import { createHmac } from 'node:crypto';
import { DELIVERY_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody, verifyWebhookSignature, webhookHeaders } from './signing';

const secret = 'whsec_0123456789abcdef';

describe('webhook signing', () => {
  it('is sha256=<hex HMAC-SHA256 of the raw body>', () => {
    const body = '{"id":"ntf_1","title":"绩效目标退回修改"}';
    expect(signWebhookBody(body, secret)).toBe(`sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`);
    // A known vector, so a change of algorithm or encoding cannot pass unnoticed.
    expect(signWebhookBody('hello', 'key')).toBe('sha256=9307b3b915efb5171ff14d8cb55fbcc798c6c0ef1456d66ded1a6aa723a58b7b');
  });

  it('signs the bytes: the same text as a Buffer gives the same signature', () => {
    const body = '{"body":"预算"}';
    expect(signWebhookBody(Buffer.from(body, 'utf8'), secret)).toBe(signWebhookBody(body, secret));
  });

  it('verifies its own signature and rejects a changed body, another secret or a missing header', () => {
    const body = '{"a":1}';
    const signature = signWebhookBody(body, secret);
    expect(verifyWebhookSignature(body, secret, signature)).toBe(true);
    expect(verifyWebhookSignature('{"a":2}', secret, signature)).toBe(false);
    expect(verifyWebhookSignature(body, 'another-secret-0123', signature)).toBe(false);
    expect(verifyWebhookSignature(body, secret, undefined)).toBe(false);
    expect(verifyWebhookSignature(body, secret, 'sha256=00')).toBe(false);
  });

  it('sends the signature, the delivery id and the time of sending', () => {
    const headers = webhookHeaders('{}', secret, { id: 'ntf_x', kind: 'task_waiting', sentAt: new Date('2025-03-01T09:00:05.900Z') });
    expect(headers[SIGNATURE_HEADER]).toBe(signWebhookBody('{}', secret));
    expect(headers[DELIVERY_HEADER]).toBe('ntf_x');
    expect(headers[TIMESTAMP_HEADER]).toBe(String(Date.parse('2025-03-01T09:00:05Z') / 1000));
    expect(headers['Content-Type']).toMatch(/^application\/json/);
  });
});
