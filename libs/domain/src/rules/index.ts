export * from './finding';
export * from './catalogue';
export * from './config';
export { type RuleContext, type SheetRule } from './support';
export * from './structure';
export * from './amounts';
export * from './target-values';
export * from './relevance';
export * from './evaluate';
