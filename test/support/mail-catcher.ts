import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { e2eRunId, LOCAL_DIR } from './e2e-env';

/** Mail the e2e services send, one JSON object per line, written by the SMTP server of the global setup. */
export const MAILBOX_FILE = (): string => join(LOCAL_DIR, `e2e-mailbox-${e2eRunId()}.jsonl`);

export interface CaughtMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly messageId: string | null;
  readonly subject: string | null;
  readonly raw: string;
}

/** A local SMTP server (no TLS, no auth) that appends every message to MAILBOX_FILE. */
export async function startMailCatcher(): Promise<{ port: number; close: () => Promise<void> }> {
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = (name: string): string | null => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(raw)?.[1]?.trim() ?? null;
        const mail: CaughtMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          messageId: header('Message-ID'),
          subject: header('Subject'),
          raw,
        };
        appendFileSync(MAILBOX_FILE(), `${JSON.stringify(mail)}\n`);
        callback(null);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export function caughtMail(): CaughtMail[] {
  if (!existsSync(MAILBOX_FILE())) return [];
  return readFileSync(MAILBOX_FILE(), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as CaughtMail);
}
