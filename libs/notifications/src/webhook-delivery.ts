import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { type LookupFunction } from 'node:net';
import { type CheckedTarget } from './webhook-target';

export interface WebhookPost {
  readonly body: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
}

/** The receiver's status line; its body is never read, kept or shown. */
export interface WebhookReply {
  readonly status: number;
  readonly statusText: string;
}

export type PostWebhook = (target: CheckedTarget, post: WebhookPost) => Promise<WebhookReply>;

/**
 * POSTs to the address that passed the target check, whatever the host name resolves to by now:
 * the connection's lookup answers with the checked address, so a name that answered a public
 * address to the check and a private one a moment later (DNS rebinding) still reaches the checked
 * one. The URL, the Host header and TLS (SNI and the certificate's name) keep the host name.
 * Redirects are not followed (a redirect would re-send the signed body elsewhere).
 */
export const postToCheckedTarget: PostWebhook = (target, post) =>
  new Promise<WebhookReply>((resolve, reject) => {
    const pinned: LookupFunction = (_hostname, options, callback) => {
      // Node asks for every address when it tries families in turn (autoSelectFamily).
      if ((options as { all?: boolean }).all) (callback as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address: target.address, family: target.family }]);
      else callback(null, target.address, target.family);
    };
    const send = target.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(target.url, {
      method: 'POST',
      headers: { ...post.headers, 'content-length': String(Buffer.byteLength(post.body)) },
      lookup: pinned,
      signal: AbortSignal.timeout(post.timeoutMs),
    });
    req.once('response', (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '' });
    });
    req.once('error', reject);
    req.end(post.body);
  });
