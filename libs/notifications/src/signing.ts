import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'X-Budget-Signature';
export const DELIVERY_HEADER = 'X-Budget-Delivery';
export const TIMESTAMP_HEADER = 'X-Budget-Timestamp';
export const KIND_HEADER = 'X-Budget-Kind';

/** `sha256=<hex HMAC-SHA256 of the raw body>`, as GitHub signs its webhooks. */
export function signWebhookBody(rawBody: string | Buffer, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody).digest('hex')}`;
}

/** For receivers (and our tests): constant-time comparison of the header with the expected signature. */
export function verifyWebhookSignature(rawBody: string | Buffer, secret: string, header: string | undefined | null): boolean {
  if (!header) return false;
  const expected = Buffer.from(signWebhookBody(rawBody, secret));
  const actual = Buffer.from(header.trim());
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** Headers of one webhook attempt: signature of exactly these body bytes, the delivery id, the time sent. */
export function webhookHeaders(rawBody: string, secret: string, delivery: { readonly id: string; readonly kind: string; readonly sentAt: Date }): Record<string, string> {
  return {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'budget-notifications/1',
    [SIGNATURE_HEADER]: signWebhookBody(rawBody, secret),
    [DELIVERY_HEADER]: delivery.id,
    [TIMESTAMP_HEADER]: String(Math.floor(delivery.sentAt.getTime() / 1000)),
    [KIND_HEADER]: delivery.kind,
  };
}
