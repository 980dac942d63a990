export * from './errors';
export * from './common';
export * as wire from './wire';
export * as intake from './intake';
export * as review from './review';
export * as reporting from './reporting';
export * from './routes';
export * from './openapi';
export * from './client';
