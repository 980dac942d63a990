import { finished } from 'node:stream/promises';
import { type Writable } from 'node:stream';

const FLUSH_AT = 64 * 1024;

/**
 * Writes text to a Writable with backpressure, in chunks of about 64 KiB: memory stays bounded
 * by the chunk, whatever the size of the table. An error of the stream fails the next write.
 */
export class TextSink {
  private parts: string[] = [];
  private length = 0;
  private failure: Error | null = null;

  constructor(private readonly out: Writable) {
    out.once('error', (error: Error) => {
      this.failure = error;
    });
  }

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.length += text.length;
    if (this.length >= FLUSH_AT) await this.flush();
  }

  /** Flushes, ends the stream and waits until everything has been handed on. */
  async end(): Promise<void> {
    await this.flush();
    this.out.end();
    await finished(this.out, { readable: false });
  }

  private async flush(): Promise<void> {
    this.check();
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.length = 0;
    if (!this.out.write(chunk, 'utf8')) await drained(this.out);
    this.check();
  }

  private check(): void {
    if (this.failure) throw this.failure;
    if (this.out.destroyed || this.out.writableEnded) throw new Error('export stream closed before the export was complete');
  }
}

/** 'drain', or 'close' (a client that went away never drains); an 'error' rejects. */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      out.off('drain', done);
      out.off('close', done);
      out.off('error', fail);
    };
    const done = (): void => {
      cleanup();
      resolve();
    };
    const fail = (error: Error): void => {
      cleanup();
      reject(error);
    };
    out.on('drain', done);
    out.on('close', done);
    out.on('error', fail);
  });
}
