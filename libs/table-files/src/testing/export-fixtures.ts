import { PassThrough, type Writable } from 'node:stream';
import { parsePublishedTable, type PublishedTable } from '@budget/domain';
import { readReferenceTable } from '@budget/domain/testing';
import { type ExportSource } from '../export.types';

/** The reference table's text (the domain's test fixture). */
export const readReferenceText = readReferenceTable;

export const REFERENCE: PublishedTable = parsePublishedTable(readReferenceText()).table;

export const REFERENCE_SOURCE: ExportSource = {
  table: REFERENCE,
  meta: {
    fiscalYear: 2025,
    asOf: { globalPosition: '123', recordedAt: '2025-03-01T08:02:03.000Z' },
    checksum: 'ab'.repeat(32),
    chainHeads: [
      { streamId: 'department-dept-1', streamVersion: 5, hash: 'c'.repeat(64) },
      { streamId: 'sheet-1-1', streamVersion: 4, hash: 'd'.repeat(64) },
    ],
    generatedAt: '2025-03-02T00:00:00.000Z',
  },
};

/** Runs a writer into a PassThrough and returns everything it wrote, with the number of chunks. */
export async function collect(write: (out: Writable) => Promise<void>, highWaterMark?: number): Promise<{ bytes: Buffer; chunks: number }> {
  const out = new PassThrough(highWaterMark === undefined ? {} : { highWaterMark });
  const chunks: Buffer[] = [];
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  await write(out);
  return { bytes: Buffer.concat(chunks), chunks: chunks.length };
}

/** A table of `units` units with `perUnit` projects each, every project with two indicators. */
export function largeTable(units: number, perUnit: number): PublishedTable {
  const project = REFERENCE.units[0]!.projects[0]!;
  const unitList = Array.from({ length: units }, (_, u) => ({
    name: `单位${u + 1}`,
    funding: { fiscalAppropriation: perUnit * 1_000_000, specialAccountAppropriation: 0, otherFunds: 0 },
    writtenTotal: perUnit * 1_000_000,
    line: 0,
    projects: Array.from({ length: perUnit }, (_, p) => ({
      ...project,
      name: `项目${u + 1}-${p + 1}`,
      funding: { fiscalAppropriation: 1_000_000, specialAccountAppropriation: 0, otherFunds: 0 },
      writtenTotal: 1_000_000,
      indicators: project.indicators.slice(0, 2),
    })),
  }));
  const total = units * perUnit * 1_000_000;
  return { ...REFERENCE, grandTotal: { funding: { fiscalAppropriation: total, specialAccountAppropriation: 0, otherFunds: 0 }, writtenTotal: total }, units: unitList };
}
