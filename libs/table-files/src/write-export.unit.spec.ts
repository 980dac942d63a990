import { createHash } from 'node:crypto';
import { canonicalTable, fundingTotal, writePublishedTable, type ReportTable } from '@budget/domain';
import { EXPORT_FORMATS, EXPORT_MEDIA, isExportFormat } from './export.types';
import { tableChecksum } from './checksum';
import { exportSourceFor, writeExport } from './write-export';
import { collect, REFERENCE } from './testing/export-fixtures';

const REF = { eventId: 'e', globalPosition: '1', recordedAt: '2025-03-01T08:00:00.000Z' };

/** The reference as the projection would give it, with made-up ids. */
const REPORT: ReportTable = {
  title: REFERENCE.title,
  departmentId: 'dept-1',
  departmentName: REFERENCE.departmentName,
  fiscalYear: 2025,
  displayUnit: REFERENCE.displayUnit,
  asOf: { globalPosition: '57', recordedAt: '2025-03-01T08:00:57.000Z' },
  grandTotal: { funding: REFERENCE.grandTotal.funding, total: fundingTotal(REFERENCE.grandTotal.funding) },
  units: REFERENCE.units.map((u, i) => ({
    unitId: `unit-${i + 1}`,
    name: u.name,
    listed: true,
    funding: u.funding,
    total: fundingTotal(u.funding),
    projects: u.projects.map((p, j) => ({
      sheetId: `sheet-${i + 1}-${j + 1}`,
      unitId: `unit-${i + 1}`,
      name: p.name,
      funding: p.funding,
      total: fundingTotal(p.funding),
      goal: p.goal,
      indicators: p.indicators,
      created: REF,
      approval: { at: REF, reviewId: 'r', grade: '优' as const, conditions: null },
    })),
  })),
};

describe('export entry points', () => {
  it('builds the export input from a report table: published table, year, as-of, checksum, chain heads', () => {
    const heads = [{ streamId: 'sheet-1-1', streamVersion: 4, eventId: 'e4', hash: 'f'.repeat(64), globalPosition: '40' }];
    const source = exportSourceFor(REPORT, { chainHeads: heads, generatedAt: '2025-03-02T00:00:00Z' });
    expect(writePublishedTable(source.table)).toBe(writePublishedTable(REFERENCE));
    expect(source.meta).toEqual({
      fiscalYear: 2025,
      asOf: { globalPosition: '57', recordedAt: '2025-03-01T08:00:57.000Z' },
      checksum: createHash('sha256').update(canonicalTable(REPORT)).digest('hex'),
      chainHeads: [{ streamId: 'sheet-1-1', streamVersion: 4, hash: 'f'.repeat(64) }],
      generatedAt: '2025-03-02T00:00:00Z',
    });
  });

  it('checksums the content, not the moment it was built at', () => {
    const checksum = tableChecksum(REPORT);
    expect(checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(tableChecksum({ ...REPORT, asOf: { globalPosition: '999', recordedAt: null } })).toBe(checksum);
    expect(tableChecksum({ ...REPORT, departmentName: `${REPORT.departmentName} ` })).not.toBe(checksum);
    expect(tableChecksum(REFERENCE)).not.toBe(checksum);
  });

  it('writes every format through one entry point', async () => {
    const source = exportSourceFor(REPORT);
    expect(EXPORT_FORMATS).toEqual(['txt', 'csv', 'xlsx', 'html']);
    expect(isExportFormat('xlsx')).toBe(true);
    expect(isExportFormat('pdf')).toBe(false);
    const outputs: Record<string, Buffer> = {};
    for (const format of EXPORT_FORMATS) {
      outputs[format] = (await collect((out) => writeExport(format, source, out))).bytes;
      expect(EXPORT_MEDIA[format].extension).toBe(format);
    }
    expect(outputs['txt']!.toString('utf8')).toBe(writePublishedTable(REFERENCE));
    expect(outputs['csv']!.toString('utf8').startsWith('\uFEFF部门,预算年度,')).toBe(true);
    expect(outputs['xlsx']!.subarray(0, 4)).toEqual(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
    expect(outputs['html']!.toString('utf8').startsWith('<!DOCTYPE html>')).toBe(true);
  });
});
