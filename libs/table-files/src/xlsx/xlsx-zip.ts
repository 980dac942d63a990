import { inflateRawSync } from 'node:zlib';
import { DomainError } from '@budget/domain';

/** The zip container of an .xlsx, read part by part with a ceiling on what the parts inflate to. */

export interface XlsxLimits {
  /** What all the parts of the zip may inflate to together. */
  readonly maxUncompressedBytes: number;
  /** Rows of one worksheet. */
  readonly maxRows: number;
}

export const DEFAULT_XLSX_LIMITS: XlsxLimits = { maxUncompressedBytes: 256 * 1024 * 1024, maxRows: 50_000 };

export function unreadable(reason: string): DomainError {
  return new DomainError('VALIDATION_FAILED', `无法读取Excel文件（.xlsx）：${reason}`);
}

interface ZipEntry {
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeader: number;
}

export class ZipArchive {
  private readonly entries = new Map<string, ZipEntry>();
  private inflated = 0;

  constructor(
    private readonly bytes: Buffer,
    private readonly limits: XlsxLimits,
  ) {
    const eocd = this.findEndOfDirectory();
    const count = bytes.readUInt16LE(eocd + 10);
    const dirOffset = bytes.readUInt32LE(eocd + 16);
    if (count === 0xffff || dirOffset === 0xffffffff) throw tooLarge(limits);
    let p = dirOffset;
    let declared = 0;
    for (let i = 0; i < count; i++) {
      if (p + 46 > bytes.length || bytes.readUInt32LE(p) !== 0x02014b50) throw unreadable('文件的zip目录已损坏');
      const method = bytes.readUInt16LE(p + 10);
      const compressedSize = bytes.readUInt32LE(p + 20);
      const size = bytes.readUInt32LE(p + 24);
      const nameLength = bytes.readUInt16LE(p + 28);
      const extraLength = bytes.readUInt16LE(p + 30);
      const commentLength = bytes.readUInt16LE(p + 32);
      const localHeader = bytes.readUInt32LE(p + 42);
      const name = bytes.toString('utf8', p + 46, p + 46 + nameLength);
      if (size === 0xffffffff || compressedSize === 0xffffffff) throw tooLarge(limits);
      declared += size;
      this.entries.set(name.replace(/^\//, ''), { method, compressedSize, size, localHeader });
      p += 46 + nameLength + extraLength + commentLength;
    }
    // What the directory declares is checked first; what the parts really inflate to, as they are read.
    if (declared > limits.maxUncompressedBytes) throw tooLarge(limits);
  }

  private findEndOfDirectory(): number {
    const { bytes } = this;
    const lowest = Math.max(0, bytes.length - 22 - 0xffff);
    for (let p = bytes.length - 22; p >= lowest; p--) {
      if (bytes.readUInt32LE(p) === 0x06054b50) return p;
    }
    throw unreadable('文件不是xlsx（zip）格式，请在Excel中“另存为”Excel工作簿（.xlsx）');
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The part as text, inflated within what is left of the ceiling; null when the zip has no such part. */
  text(name: string): string | null {
    const entry = this.entries.get(name);
    if (!entry) return null;
    const { bytes } = this;
    const p = entry.localHeader;
    if (p + 30 > bytes.length || bytes.readUInt32LE(p) !== 0x04034b50) throw unreadable(`文件中的“${name}”已损坏`);
    const start = p + 30 + bytes.readUInt16LE(p + 26) + bytes.readUInt16LE(p + 28);
    const data = bytes.subarray(start, start + entry.compressedSize);
    const room = this.limits.maxUncompressedBytes - this.inflated;
    let out: Buffer;
    if (entry.method === 0) {
      out = data;
    } else if (entry.method === 8) {
      try {
        out = inflateRawSync(data, { maxOutputLength: Math.max(1, room) });
      } catch (e) {
        if ((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) throw tooLarge(this.limits);
        throw unreadable(`文件中的“${name}”无法解压`);
      }
    } else {
      throw unreadable(`文件中的“${name}”使用了不支持的压缩方式`);
    }
    this.inflated += out.length;
    if (this.inflated > this.limits.maxUncompressedBytes) throw tooLarge(this.limits);
    return out.toString('utf8');
  }
}

export function tooLarge(limits: XlsxLimits): DomainError {
  const mb = Math.round(limits.maxUncompressedBytes / 1024 / 1024);
  return new DomainError('TOO_LARGE', `Excel文件解压后超过${mb} MB，一次导入不能超过这个大小，请按部门分开导入`, { limit: limits.maxUncompressedBytes });
}

