import { deflateRawSync } from 'node:zlib';
import * as ExcelJS from 'exceljs';
import { DomainError } from '@budget/domain';
import { decodeText, openWorkbook } from './xlsx-reader';

const LIMITS = { maxUncompressedBytes: 1024 * 1024, maxRows: 100 };

async function workbook(build: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function caught(f: () => unknown): DomainError {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('did not throw');
}

/** A one-entry zip whose entry inflates to `size` bytes of spaces and declares `declared`. */
function zipOf(name: string, size: number, declared: number): Buffer {
  const data = deflateRawSync(Buffer.alloc(size, 0x20));
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const dir = Buffer.alloc(46);
  dir.writeUInt32LE(0x02014b50, 0);
  dir.writeUInt16LE(8, 10);
  dir.writeUInt32LE(data.length, 20);
  dir.writeUInt32LE(declared, 24);
  dir.writeUInt16LE(nameBytes.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + nameBytes.length, 12);
  end.writeUInt32LE(30 + nameBytes.length + data.length, 16);
  return Buffer.concat([local, nameBytes, data, dir, nameBytes, end]);
}

describe('the bounded xlsx reader', () => {
  it('reads sheets in order with their names and hidden state, shared and rich text, numbers, dates, formulas and merges', async () => {
    const bytes = await workbook((wb) => {
      const s = wb.addWorksheet('表');
      s.addRow(['标题', null, null]);
      s.mergeCells(1, 1, 1, 3);
      s.addRow([{ richText: [{ text: '加粗', font: { bold: true } }, { text: '与常规' }] }, 0.1 + 0.2, new Date(Date.UTC(2024, 5, 30))]);
      s.addRow(['单位甲', { formula: '1+1', result: 2 }, true]);
      s.addRow([null, '第二行\r\n换行', '1.123456']);
      s.mergeCells(3, 1, 4, 1);
      wb.addWorksheet('隐藏', { state: 'hidden' }).addRow(['x']);
    });
    const { sheets } = openWorkbook(bytes, LIMITS);
    expect(sheets.map((s) => [s.name, s.hidden])).toEqual([
      ['表', false],
      ['隐藏', true],
    ]);
    expect([...sheets[0]!.rows()]).toEqual([
      { line: 1, cells: ['标题'] },
      { line: 2, cells: ['加粗与常规', '0.3', '2024-06-30'] },
      { line: 3, cells: ['单位甲', '2', 'TRUE'] },
      { line: 4, cells: ['', '第二行\n换行', '1.123456'] },
    ]);
  });

  it('stops reading rows where the caller stops', async () => {
    const bytes = await workbook((wb) => {
      const s = wb.addWorksheet('表');
      for (let i = 0; i < 50; i++) s.addRow([`行${i + 1}`]);
    });
    const rows = openWorkbook(bytes, LIMITS).sheets[0]!.rows();
    expect(rows.next().value).toEqual({ line: 1, cells: ['行1'] });
  });

  it('refuses more rows than allowed, in words', async () => {
    const bytes = await workbook((wb) => {
      const s = wb.addWorksheet('表');
      for (let i = 0; i < 101; i++) s.addRow([i]);
    });
    const e = caught(() => [...openWorkbook(bytes, LIMITS).sheets[0]!.rows()]);
    expect([e.code, e.message]).toEqual(['TOO_LARGE', '工作表超过100行，一次导入不能超过100行，请按部门分开导入']);
  });

  it('refuses a part that inflates past the ceiling, whatever its directory declares (a zip bomb)', () => {
    expect(caught(() => openWorkbook(zipOf('xl/workbook.xml', 2 * 1024 * 1024, 2 * 1024 * 1024), LIMITS)).code).toBe('TOO_LARGE');
    const lying = caught(() => openWorkbook(zipOf('xl/workbook.xml', 2 * 1024 * 1024, 100), LIMITS));
    expect(lying.code).toBe('TOO_LARGE');
    expect(lying.message).toBe('Excel文件解压后超过1 MB，一次导入不能超过这个大小，请按部门分开导入');
  });

  it('refuses what is no zip, in words', () => {
    expect(caught(() => openWorkbook(Buffer.from('项目名称\t总计\n'.repeat(10)), LIMITS)).message).toMatch(/^无法读取Excel文件（\.xlsx）：文件不是xlsx（zip）格式/);
  });

  it('decodes XML references and Excel’s _xHHHH_ escapes', () => {
    expect(decodeText('a&lt;b&amp;c&#x4E2D;&#25991;_x000D_')).toBe('a<b&c中文\r');
  });
});
