import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a webhook may post. A receiver is named by an admin, but the service posts from inside the
 * network: without these checks a subscription reaches loopback, the private network, link-local
 * addresses and the clouds' metadata services (169.254.169.254, Alibaba's 100.100.100.200).
 */
export interface WebhookTargetPolicy {
  /** Host names and addresses or CIDR ranges allowed although private (tests, on-premises receivers). */
  readonly allow: readonly string[];
  /** Production: plain http would carry the signed payload in clear text. */
  readonly requireHttps: boolean;
}

export type Lookup = (host: string) => Promise<readonly { address: string; family: number }[]>;

const defaultLookup: Lookup = (host) => dnsLookup(host, { all: true, verbatim: true });

const REFUSED_V4: readonly [string, number, string][] = [
  ['0.0.0.0', 8, '本网络地址'],
  ['10.0.0.0', 8, '内网地址'],
  ['100.64.0.0', 10, '运营商内网或云元数据地址'],
  ['127.0.0.0', 8, '本机回环地址'],
  ['169.254.0.0', 16, '链路本地或云元数据地址'],
  ['172.16.0.0', 12, '内网地址'],
  ['192.0.0.0', 24, '保留地址'],
  ['192.0.2.0', 24, '保留地址'],
  ['192.168.0.0', 16, '内网地址'],
  ['198.18.0.0', 15, '保留地址'],
  ['198.51.100.0', 24, '保留地址'],
  ['203.0.113.0', 24, '保留地址'],
  ['224.0.0.0', 4, '组播地址'],
  ['240.0.0.0', 4, '保留地址'],
];
const REFUSED_V6: readonly [string, number, string][] = [
  ['::', 128, '未指定地址'],
  ['::1', 128, '本机回环地址'],
  ['fc00::', 7, '内网地址'],
  ['fe80::', 10, '链路本地地址'],
  ['ff00::', 8, '组播地址'],
  ['2001:db8::', 32, '保留地址'],
];

/** Why an address is refused, or null when it is public. IPv4 inside IPv6 (mapped, NAT64) is judged as IPv4. */
export function refusedRange(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return '无效地址';
  if (family === 6) {
    const lower = address.toLowerCase();
    const embedded = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower)?.[1] ?? mappedHex(lower);
    if (embedded) return refusedRange(embedded);
    for (const [net, prefix, why] of REFUSED_V6) if (subnet(net, prefix, 'ipv6').check(address, 'ipv6')) return why;
    return null;
  }
  for (const [net, prefix, why] of REFUSED_V4) if (subnet(net, prefix, 'ipv4').check(address, 'ipv4')) return why;
  return null;
}

/** `::ffff:7f00:1` (how URL parsing writes ::ffff:127.0.0.1) as dotted IPv4. */
function mappedHex(address: string): string | null {
  const m = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(address);
  if (!m) return null;
  const hi = parseInt(m[1]!, 16);
  const lo = parseInt(m[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

const subnets = new Map<string, BlockList>();
function subnet(net: string, prefix: number, type: 'ipv4' | 'ipv6'): BlockList {
  const key = `${net}/${prefix}`;
  let list = subnets.get(key);
  if (!list) {
    list = new BlockList();
    list.addSubnet(net, prefix, type);
    subnets.set(key, list);
  }
  return list;
}

function allowed(policy: WebhookTargetPolicy, host: string, address: string | null): boolean {
  for (const entry of policy.allow) {
    const [net, bits] = entry.split('/');
    if (!net) continue;
    if (bits === undefined && net.toLowerCase() === host.toLowerCase()) return true;
    if (address === null) continue;
    const family = isIP(net);
    if (family === 0 || isIP(address) !== family) continue;
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
    if (!Number.isInteger(prefix)) continue;
    if (subnet(net, prefix, type).check(address, type)) return true;
  }
  return false;
}

export class WebhookTargetRefusedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'WebhookTargetRefusedError';
  }
}

/** A receiver's URL with the address that passed the checks: the delivery connects to that address and no other. */
export interface CheckedTarget {
  readonly url: URL;
  readonly host: string;
  readonly address: string;
  readonly family: 4 | 6;
}

/**
 * Checks a receiver's URL: http(s) only (https when required), and every address its host
 * resolves to public, unless allowed. Resolved at registration and again before each delivery,
 * so a name that later points inside is refused then; the delivery then connects to the address
 * checked here (see postToCheckedTarget), so a name that changes its answer between the check and
 * the connection (DNS rebinding) cannot send it inside.
 */
export async function resolveWebhookTarget(url: string, policy: WebhookTargetPolicy, lookup: Lookup = defaultLookup): Promise<CheckedTarget> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new WebhookTargetRefusedError('接收地址不是有效的网址');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new WebhookTargetRefusedError('接收地址须为 http(s) 网址');
  if (policy.requireHttps && parsed.protocol !== 'https:') throw new WebhookTargetRefusedError('生产环境的接收地址必须使用 https');
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: readonly string[];
  if (isIP(host) !== 0) addresses = [host];
  else {
    try {
      addresses = (await lookup(host)).map((a) => a.address);
    } catch {
      throw new WebhookTargetRefusedError(`无法解析接收地址的主机名：${host}`);
    }
    if (addresses.length === 0) throw new WebhookTargetRefusedError(`无法解析接收地址的主机名：${host}`);
  }
  const byName = allowed(policy, host, null);
  for (const address of addresses) {
    const why = byName ? null : refusedRange(address);
    if (why !== null && !allowed(policy, host, address)) throw new WebhookTargetRefusedError(`接收地址指向${why}（${address}），不允许发送`);
  }
  const address = addresses[0]!;
  return { url: parsed, host, address, family: isIP(address) === 6 ? 6 : 4 };
}

/** resolveWebhookTarget, for registration: refuses or returns. */
export async function checkWebhookTarget(url: string, policy: WebhookTargetPolicy, lookup: Lookup = defaultLookup): Promise<void> {
  await resolveWebhookTarget(url, policy, lookup);
}

/** Query parameters that carry credentials: tokens, keys, secrets, signatures, passwords (token, api_key, X-Amz-Signature, sig, …). */
const CREDENTIAL_PARAMETER = /token|secret|passw|pwd|signature|credential|api[-_]?key|access[-_]?key|private[-_]?key|^(?:key|sig|pass|code|ticket|auth|authorization|session|sessionid)$/i;

function decodedName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/** `a=1&token=abc` → `a=1&token=***`; every other parameter exactly as written. */
function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const at = pair.indexOf('=');
      const name = at < 0 ? pair : pair.slice(0, at);
      return at >= 0 && CREDENTIAL_PARAMETER.test(decodedName(name)) ? `${name}=***` : pair;
    })
    .join('&');
}

/**
 * The URL with any user name and password, and the values of credential-like query parameters
 * (token, key, secret, signature, password, access_token, sig, …), replaced: for logs and stored
 * messages. Everything else stays as written.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/\/\/[^/@\s]*@/, '//***@').replace(/([?&][^=&#\s]*=)[^&#\s]*/g, (whole: string, head: string) => (CREDENTIAL_PARAMETER.test(decodedName(head.slice(1, -1))) ? `${head}***` : whole));
  }
  if (parsed.username !== '' || parsed.password !== '') {
    parsed.username = '***';
    parsed.password = '';
  }
  if (parsed.search.length > 1) parsed.search = redactQuery(parsed.search.slice(1));
  const redacted = parsed.toString();
  return redacted === new URL(url).toString() ? url : redacted;
}

/** WEBHOOK_ALLOWED_TARGETS: comma-separated hosts, addresses or CIDR ranges. */
export function parseAllowList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
