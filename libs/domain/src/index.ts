export * from './events/envelope';
export * from './errors';
export * from './money';
export * from './target-value';
export * from './indicator-framework';
export * from './published-table';
export * from './access';
