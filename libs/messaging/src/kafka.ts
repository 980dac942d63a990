import { Kafka, logLevel, type LogEntry, type SASLOptions } from 'kafkajs';
import { type LogLevel, type MessagingLogger, consoleLogger } from './logger';
import { stopKafkajsIdleLoop } from './kafkajs-idle-loop';

// Before any client connects (see kafkajs-idle-loop).
stopKafkajsIdleLoop();

/** The Kafka connection the rest of this library takes; apps obtain it from createKafka only. */
export type KafkaConnection = Kafka;

export interface KafkaOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  readonly logger?: MessagingLogger;
  /** TLS to the brokers: true (system CAs) or Node's TLS options (e.g. `{ ca }`). Absent: plaintext. */
  readonly ssl?: true | { readonly ca?: string; readonly rejectUnauthorized?: boolean };
  /** SASL authentication (SCRAM-SHA-256/512 or PLAIN). Absent: none. */
  readonly sasl?: KafkaSaslOptions;
}

export interface KafkaSaslOptions {
  readonly mechanism: 'scram-sha-256' | 'scram-sha-512' | 'plain';
  readonly username: string;
  readonly password: string;
}

// While a broker is down kafkajs logs the same connection error on every attempt; one line per
// message and minute says as much.
const REPEAT_SILENCE_MS = 60_000;

export function createKafka(options: KafkaOptions): KafkaConnection {
  const logger = options.logger ?? consoleLogger;
  const lastLogged = new Map<string, number>();
  return new Kafka({
    clientId: options.clientId,
    brokers: [...options.brokers],
    ...(options.ssl === undefined ? {} : { ssl: options.ssl === true ? true : { ...options.ssl } }),
    ...(options.sasl === undefined ? {} : { sasl: { mechanism: options.sasl.mechanism, username: options.sasl.username, password: options.sasl.password } as SASLOptions }),
    // Fail fast on a dead broker; callers (relay, consumer) retry with their own backoff.
    connectionTimeout: 3_000,
    requestTimeout: 15_000,
    enforceRequestTimeout: true,
    retry: { initialRetryTime: 300, maxRetryTime: 5_000, retries: 5 },
    logLevel: logLevel.WARN,
    logCreator:
      () =>
      ({ namespace, level, log }: LogEntry) => {
        // kafkajs' correlationId numbers protocol requests: renamed, so it is not taken for a request's correlation id.
        const { message, timestamp: _timestamp, logger: _logger, correlationId: kafkaCorrelationId, ...rest } = log as LogEntry['log'] & { logger?: unknown; correlationId?: unknown };
        const context = kafkaCorrelationId === undefined ? rest : { ...rest, kafkaCorrelationId };
        const key = `${namespace}:${message}`;
        const now = Date.now();
        if ((lastLogged.get(key) ?? -Infinity) > now - REPEAT_SILENCE_MS) return;
        lastLogged.set(key, now);
        if (lastLogged.size > 1000) lastLogged.clear();
        logger(levelOf(level), `kafkajs ${namespace}: ${message}`, context);
      },
  });
}

function levelOf(level: logLevel): LogLevel {
  switch (level) {
    case logLevel.ERROR:
    case logLevel.NOTHING:
      return 'error';
    case logLevel.WARN:
      return 'warn';
    case logLevel.INFO:
      return 'info';
    case logLevel.DEBUG:
      return 'debug';
  }
}
