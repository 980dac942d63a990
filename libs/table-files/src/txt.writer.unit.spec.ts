import { PassThrough, Writable } from 'node:stream';
import { parsePublishedTable, writePublishedTable, type PublishedTable } from '@budget/domain';
import { writeTxt } from './txt.writer';
import { collect, largeTable, REFERENCE, REFERENCE_SOURCE } from './testing/export-fixtures';

function withoutLines(table: PublishedTable): unknown {
  return JSON.parse(JSON.stringify(table, (key, value: unknown) => (key === 'line' ? undefined : value)));
}

describe('txt export', () => {
  it('writes exactly what writePublishedTable writes, and parses back to the reference', async () => {
    const { bytes } = await collect((out) => writeTxt(REFERENCE_SOURCE, out));
    const text = bytes.toString('utf8');
    expect(text).toBe(writePublishedTable(REFERENCE));
    const again = parsePublishedTable(text);
    expect(again.issues).toEqual([]);
    expect(withoutLines(again.table)).toEqual(withoutLines(REFERENCE));
  });

  it('repeats the header every pageBreakEvery rows, as the domain writer does', async () => {
    for (const pageBreakEvery of [1, 3, 5, 100]) {
      const { bytes } = await collect((out) => writeTxt(REFERENCE_SOURCE, out, { pageBreakEvery }));
      expect(bytes.toString('utf8')).toBe(writePublishedTable(REFERENCE, { pageBreakEvery }));
    }
    await expect(collect((out) => writeTxt(REFERENCE_SOURCE, out, { pageBreakEvery: 0 }))).rejects.toThrow(RangeError);
  });

  it('adds the metadata block only when asked, after the table', async () => {
    const { bytes } = await collect((out) => writeTxt(REFERENCE_SOURCE, out, { metadata: true }));
    const text = bytes.toString('utf8');
    const plain = writePublishedTable(REFERENCE);
    expect(text.startsWith(plain)).toBe(true);
    expect(text.slice(plain.length).split('\n')).toEqual([
      '',
      '导出信息',
      '部门名称：中国共产党广州市荔湾区委员会组织部',
      '预算年度：2025',
      '数据截至日志位置：123',
      '数据截至时间：2025-03-01T08:02:03.000Z',
      `内容校验值（SHA-256）：${'ab'.repeat(32)}`,
      '导出时间：2025-03-02T00:00:00.000Z',
      '事件流数量：2',
      '事件流\t版本\t哈希链头',
      `department-dept-1\t5\t${'c'.repeat(64)}`,
      `sheet-1-1\t4\t${'d'.repeat(64)}`,
      '',
    ]);
  });

  it('streams a large table in chunks, waiting for a slow reader', async () => {
    const table = largeTable(300, 10);
    const expected = writePublishedTable(table);
    const out = new PassThrough({ highWaterMark: 1024 });
    const received: Buffer[] = [];
    let maxBuffered = 0;
    const reading = (async () => {
      for await (const chunk of out) {
        received.push(chunk as Buffer);
        maxBuffered = Math.max(maxBuffered, out.writableLength);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await writeTxt({ table }, out);
    await reading;
    expect(Buffer.concat(received).toString('utf8')).toBe(expected);
    expect(received.length).toBeGreaterThan(5);
    // Never more than about one 64 KiB chunk waiting in the stream, whatever the table's size.
    expect(maxBuffered).toBeLessThan(200 * 1024);
    expect(Buffer.byteLength(expected)).toBeGreaterThan(1_000_000);
  });

  it('fails when the stream fails', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(new Error('disk full'));
      },
    });
    await expect(writeTxt({ table: largeTable(50, 10) }, broken)).rejects.toThrow('disk full');
  });
});
