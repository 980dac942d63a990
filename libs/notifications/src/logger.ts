// One logging function type and console logger for the infrastructure libraries: the messaging lib's.
export { consoleLogger, errorText, type LogLevel, type MessagingLogger as NotificationsLogger } from '@budget/messaging';
