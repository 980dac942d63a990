export * from './events/envelope';
export * from './errors';
