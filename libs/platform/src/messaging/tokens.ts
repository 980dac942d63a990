import type { Logger } from '@nestjs/common';
import { type MessagingLogger, nextBackoff, pinoLogger } from '@budget/messaging';

export const KAFKA = Symbol('KAFKA');
export const SERVICE_MESSAGING = Symbol('SERVICE_MESSAGING');

export interface ServiceMessagingOptions {
  /** The service's PostgreSQL schema: its outbox, processed_events and dead_letters live there. */
  readonly schema: string;
  readonly clientId: string;
  /** False for a service that only consumes (no outbox relay). */
  readonly publishes: boolean;
}

/** The libraries' logging function for a component: the process's one JSON logger (libs/messaging/src/logger.ts). */
export const nestLogger = (context: string): MessagingLogger => pinoLogger(context);

export async function retrying(what: string, logger: Logger, stopped: () => boolean, attempt: () => Promise<void>): Promise<void> {
  for (let delay = nextBackoff(0, 500, 10_000); !stopped(); delay = nextBackoff(delay, 500, 10_000)) {
    try {
      await attempt();
      return;
    } catch (e) {
      logger.warn(`${what} not ready (${(e as Error).message}); retrying in ${delay} ms`);
      await new Promise((r) => setTimeout(r, delay));
    }
  }
}

