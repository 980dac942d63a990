import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writePublishedTable } from '@budget/domain';
import { CLI_ADMIN, request } from '../../apps/cli/src/http-client';
import { playSheet, registerDemoContacts } from '../../apps/cli/src/commands/play';
import { FULL_CITY, generateCity, publishedTable, scaledCity } from '../../bench/generator';
import { sleep } from './processes';

export const FISCAL_YEAR = 2024;
const REFERENCE = readFileSync(join(__dirname, '..', 'fixtures', 'liwan-organization-department.txt'), 'utf8');

export interface Department {
  readonly departmentId: string;
  readonly name: string;
  readonly units: readonly { readonly unitId: string }[];
  readonly sheetIds: readonly string[];
}

/**
 * The reference department as published, and a generated city of about `sheets` projects (the
 * benchmarks' generator: the same seed gives the same tables, so two runs import the same drafts,
 * ids included), as the texts an administrator imports.
 */
export function workloadTables(sheets: number): string[] {
  const city = generateCity(scaledCity({ ...FULL_CITY, seed: 20261203, fiscalYear: FISCAL_YEAR }, sheets / FULL_CITY.projects));
  return [REFERENCE, ...city.departments.map((d) => writePublishedTable(publishedTable(d)))];
}

/** Imports each table (through whichever replica the balancer picks) and registers its demo people. */
export async function importAll(tables: readonly string[]): Promise<Department[]> {
  const departments: Department[] = [];
  for (const text of tables) {
    const res = await retrying('import', () =>
      request<{ department: { departmentId: string; name: string }; units: { unitId: string }[]; sheets: { sheetId: string }[] }>('intake', 'POST', `/imports?fiscalYear=${FISCAL_YEAR}`, {
        actor: CLI_ADMIN,
        text,
        timeoutMs: 120_000,
      }).then((r) => (r.status === 200 ? r.body : Promise.reject(new Error(`import answered ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`)))),
    );
    const department = { departmentId: res.department.departmentId, name: res.department.name, units: res.units, sheetIds: res.sheets.map((s) => s.sheetId) };
    await retrying('contacts', () => registerDemoContacts(department));
    departments.push(department);
  }
  return departments;
}

export interface SignOffProgress {
  done: number;
  retries: number;
  readonly outcomes: Map<string, string>;
  /** Why plays were started again, by message (ids and numbers blurred). */
  readonly restartedFor: Map<string, number>;
}

/**
 * Takes every sheet through the whole chain as the demo users (the CLI's `play`), `parallel` at a
 * time. A step that fails (a replica killed under the request, a 502 of the balancer, a 409 after an
 * answer that was lost) starts the sheet's play again: it reads where the sheet and its review are
 * and goes on from there.
 */
export async function signOffAll(sheetIds: readonly string[], parallel: number, progress: SignOffProgress): Promise<void> {
  const queue = [...sheetIds];
  const worker = async (): Promise<void> => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
      const sheetId = id;
      const played = await retrying(`sheet ${sheetId}`, () => playSheet(sheetId, 90_000), (e) => {
        progress.retries += 1;
        const why = e.message.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '…').replace(/\d+/g, 'N').slice(0, 160);
        progress.restartedFor.set(why, (progress.restartedFor.get(why) ?? 0) + 1);
      });
      progress.outcomes.set(sheetId, played.outcome);
      progress.done += 1;
    }
  };
  await Promise.all(Array.from({ length: parallel }, worker));
}

async function retrying<T>(what: string, attempt: () => Promise<T>, onRetry: (e: Error) => void = () => undefined, attempts = 8): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await attempt();
    } catch (e) {
      if (i >= attempts) throw new Error(`${what}: failed ${attempts} times, last: ${(e as Error).message}`);
      onRetry(e as Error);
      await sleep(500 * i);
    }
  }
}
