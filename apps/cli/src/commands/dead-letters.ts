import { CLI_ADMIN, CliError, clientAs, orFail } from '../http-client';

type Flags = Map<string, string | true>;
const SERVICE_NAMES = ['intake', 'review', 'reporting'] as const;
type Service = (typeof SERVICE_NAMES)[number];

const USAGE = 'usage: npm run cli -- dead-letters [--service intake|review|reporting] [--all] [--limit N] [--replay [--consumer NAME]] [--json]';

function services(flags: Flags): Service[] {
  const given = flags.get('service');
  if (given === undefined) return [...SERVICE_NAMES];
  if (given === true || !(SERVICE_NAMES as readonly string[]).includes(given)) throw new CliError(`--service must be one of ${SERVICE_NAMES.join(', ')}\n${USAGE}`, 2);
  return [given as Service];
}

/**
 * dead-letters: the messages the services' consumers could not handle, newest first, with the
 * reason; with --replay, each waiting one is handled again by its consumer (once its cause is
 * fixed). Exit 0 when nothing waits (after the replay, if asked).
 */
export async function deadLetters(flags: Flags): Promise<number> {
  const json = flags.get('json') === true;
  const limit = flags.get('limit');
  if (limit === true) throw new CliError(`--limit needs a number\n${USAGE}`, 2);
  const consumer = flags.get('consumer');
  if (consumer === true) throw new CliError(`--consumer needs a name\n${USAGE}`, 2);
  if (consumer !== undefined && flags.get('replay') !== true) throw new CliError(`--consumer goes with --replay\n${USAGE}`, 2);
  const admin = clientAs(CLI_ADMIN, { timeoutMs: 600_000 });
  const report: Record<string, unknown> = {};
  let waiting = 0;
  for (const service of services(flags)) {
    const call = admin[service];
    if (flags.get('replay') === true) {
      const { results } = await orFail(call.replayDeadLetters({ body: consumer !== undefined ? { consumer } : {} }));
      for (const r of results) if (!json) console.log(`${service} ${r.consumer}: ${r.replayed} replayed, ${r.stillFailing} still failing`);
      report[`${service}Replay`] = results;
    }
    const { items } = await orFail(call.deadLetters({ query: { ...(limit !== undefined ? { limit } : {}), ...(flags.get('all') === true ? { all: 'true' } : {}) } }));
    const open = items.filter((d) => d.replayedAt === null);
    waiting += open.length;
    report[service] = items;
    if (json) continue;
    console.log(`${service}: ${open.length} waiting${items.length > open.length ? `, ${items.length - open.length} replayed` : ''}`);
    for (const d of open) console.log(`  #${d.id} ${d.failedAt} ${d.consumer} ${d.topic}[${d.partition}]@${d.offset} key ${d.key ?? '-'}\n    ${d.reason}`);
  }
  if (json) console.log(JSON.stringify(report, null, 2));
  return waiting === 0 ? 0 : 1;
}
