import { Logger } from '@nestjs/common';
import type { MessagingLogger } from '@budget/messaging';

export const KAFKA = Symbol('KAFKA');
export const SERVICE_MESSAGING = Symbol('SERVICE_MESSAGING');

export interface ServiceMessagingOptions {
  /** The service's PostgreSQL schema: its outbox, processed_events and dead_letters live there. */
  readonly schema: string;
  readonly clientId: string;
  /** False for a service that only consumes (no outbox relay). */
  readonly publishes: boolean;
}

/** A Nest logger behind the libraries' logging function type. */
export const nestLogger = (context: string): MessagingLogger => {
  const logger = new Logger(context);
  return (level, message, fields) => {
    const text = fields ? `${message} ${JSON.stringify(fields)}` : message;
    switch (level) {
      case 'error':
        return logger.error(text);
      case 'warn':
        return logger.warn(text);
      case 'info':
        return logger.log(text);
      case 'debug':
        return logger.debug(text);
    }
  };
};

export async function retrying(what: string, logger: Logger, stopped: () => boolean, attempt: () => Promise<void>): Promise<void> {
  for (let delay = 500; !stopped(); delay = Math.min(delay * 2, 10_000)) {
    try {
      await attempt();
      return;
    } catch (e) {
      logger.warn(`${what} not ready (${(e as Error).message}); retrying in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

