export * from './model';
export * from './parse';
export * from './write';
