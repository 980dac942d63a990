// The domain's test fixtures for the application layers' tests: histories the deciders themselves wrote, the actors around them.
export { deciderSpec, type Decider, type GivenStep, type WhenStep } from './given-when-then';
export * as reviewFixtures from '../review/testing/review-fixtures';
export * as sheetFixtures from '../sheet/testing/sheet-fixtures';
export * as publicationFixtures from '../publication/testing/publication-fixtures';
export { readReferenceTable } from '../report/testing/reference-table';
