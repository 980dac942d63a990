export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Same shape as @budget/messaging's logger, so one function (e.g. a Nest Logger adapter) serves both. */
export type NotificationsLogger = (level: LogLevel, message: string, context?: Record<string, unknown>) => void;

export const consoleLogger: NotificationsLogger = (level, message, context) => {
  if (level === 'warn') console.warn(message, context ?? '');
  else if (level === 'error') console.error(message, context ?? '');
};

export function errorText(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
