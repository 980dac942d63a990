export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** How messaging reports; an app passes its own (e.g. a Nest Logger behind this function). */
export type MessagingLogger = (level: LogLevel, message: string, context?: Record<string, unknown>) => void;

/** Warnings and errors to the console; debug and info are dropped. */
export const consoleLogger: MessagingLogger = (level, message, context) => {
  if (level === 'warn') console.warn(message, context ?? '');
  else if (level === 'error') console.error(message, context ?? '');
};

export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
