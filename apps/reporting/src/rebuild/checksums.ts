import { createHash } from 'node:crypto';
import { DomainError, reportTableFor } from '@budget/domain';
import { type EventStoreTransaction } from '@budget/event-store';
import { tableChecksum } from '@budget/table-files';
import { type Generations } from '../infrastructure/generations.repository';
import { type ReportQueries } from '../infrastructure/report-queries';
import { orderTable } from '../projection/table-order';
import { type GenerationChecksums, type RebuildComparison } from './rebuild.types';

/** The checksum of every table (department × fiscal year) of a generation, as the exports compute it. */
export async function checksums(queries: ReportQueries, generations: Generations, generation: number, db: EventStoreTransaction): Promise<GenerationChecksums> {
  const tables: { departmentId: string; fiscalYear: number; checksum: string }[] = [];
  for (const { departmentId, fiscalYear } of await queries.tableKeys(generation, db)) {
    const { model, creation } = await queries.loadModel(generation, { departmentId, fiscalYear }, db);
    let checksum: string;
    try {
      checksum = tableChecksum(orderTable(reportTableFor(model, departmentId, fiscalYear), creation));
    } catch (error) {
      // Sheets of a department the copy never saw registered: no table, but still something to compare.
      if (!(error instanceof DomainError)) throw error;
      checksum = `unavailable: ${error.message}`;
    }
    tables.push({ departmentId, fiscalYear, checksum });
  }
  const overall = createHash('sha256')
    .update(tables.map((t) => `${t.departmentId}\t${t.fiscalYear}\t${t.checksum}`).join('\n'), 'utf8')
    .digest('hex');
  const meta = await generations.meta(generation, db);
  return { generation, events: meta.events, checksum: overall, tables };
}

/** The live and the rebuilt checksums side by side, table by table. */
export function compareChecksums(
  live: GenerationChecksums,
  rebuilt: GenerationChecksums,
  counts: { readonly carriedOverFromLive: number; readonly onlyInRebuilt: number },
): RebuildComparison {
  const keys = new Map<string, { departmentId: string; fiscalYear: number; live: string | null; rebuilt: string | null }>();
  for (const t of live.tables) keys.set(`${t.departmentId}|${t.fiscalYear}`, { departmentId: t.departmentId, fiscalYear: t.fiscalYear, live: t.checksum, rebuilt: null });
  for (const t of rebuilt.tables) {
    const k = `${t.departmentId}|${t.fiscalYear}`;
    keys.set(k, { ...(keys.get(k) ?? { departmentId: t.departmentId, fiscalYear: t.fiscalYear, live: null }), rebuilt: t.checksum });
  }
  const differences = [...keys.values()].filter((d) => d.live !== d.rebuilt);
  return { equal: differences.length === 0 && live.checksum === rebuilt.checksum, live, rebuilt, differences, ...counts };
}
