import { createHash } from 'node:crypto';
import { canonicalTable, type PublishedTable, type ReportTable } from '@budget/domain';

/** SHA-256 (hex) of the domain's canonical serialisation: equal tables, equal checksums, whatever the as-of position. */
export function tableChecksum(table: PublishedTable | ReportTable): string {
  return createHash('sha256').update(canonicalTable(table), 'utf8').digest('hex');
}
