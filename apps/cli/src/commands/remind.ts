import { clientAs, orFail } from '../http-client';
import { demoUsers } from './play';
import { scope, value } from './publications';

const USAGE = 'usage: npm run cli -- remind --department "<name>" --deadline YYYY-MM-DD [--year Y] [--message TEXT] [--batch ID] [--json]';

/** remind: 催办 as the department's reviewer, to every unit with open drafts of the year. */
export async function remind(flags: Map<string, string | true>): Promise<number> {
  const { departmentId, name, fiscalYear } = await scope(flags, USAGE, 'latest');
  const deadline = value(flags, 'deadline', USAGE, true);
  const message = value(flags, 'message', USAGE);
  const batchId = value(flags, 'batch', USAGE);
  const answer = await orFail(
    clientAs(demoUsers(departmentId).reviewer).departments.batchReminder({
      departmentId,
      body: { fiscalYear, deadline, ...(message !== undefined ? { message } : {}), ...(batchId !== undefined ? { batchId } : {}) },
    }),
  );
  if (flags.get('json') === true) {
    console.log(JSON.stringify(answer, null, 2));
    return 0;
  }
  if (answer.outcome === 'already-sent') {
    console.log(`${name} ${fiscalYear}: 催办 ${answer.batchId} was sent before; nothing sent again`);
    return 0;
  }
  console.log(`${name} ${fiscalYear}: 催办 sent to ${answer.counts.units} units, ${answer.counts.drafts} open drafts, deadline ${answer.deadline} (batch ${answer.batchId})`);
  for (const unit of answer.units) console.log(`  ${unit.unitName}: ${unit.drafts}`);
  return 0;
}
