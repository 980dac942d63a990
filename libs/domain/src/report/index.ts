export * from './report.types';
export { ReportEventError, type ReportEventErrorCode, type EventCoordinates } from './report.errors';
export {
  REPORT_READ_MODELS,
  handledBy,
  isReviewLevelEvent,
  readModelVersions,
  reportDepartments,
  reportSheets,
  reviewActivity,
  staleReadModels,
  streamHeads,
  type EventPlace,
  type Projected,
  type ReadModelProjection,
  type ReadModelVersions,
  type ReviewLevelEvent,
} from './report.read-models';
export {
  placeOf,
  projectEvents,
  readEvent,
  stepEvent,
  streamKind,
  type ProjectEventsOptions,
  type ReportInput,
  type ReportRows,
  type ReportStep,
  type StreamKind,
} from './report.projection';
export {
  REPORT_TITLE,
  chainHeadsFor,
  findDepartment,
  fiscalYearsOf,
  reportTableFor,
  sheetsOf,
  toPublishedTable,
  unitOrderOfYear,
  type ReportTableOptions,
} from './report.table';
export { progressFor, progressUnitOrder, sheetProgress, type ProgressFilter } from './report.progress';
export { checkAsOfLimit, isWithin } from './report.as-of';
export {
  diffTables,
  type DiffableTable,
  type DiffProject,
  type DiffProjectChange,
  type DiffProjectRef,
  type DiffSide,
  type DiffUnit,
  type DiffUnitChange,
  type FieldChange,
  type TableDiff,
} from './report.diff';
export { CANONICAL_TABLE_VERSION, canonicalTable } from './report.canonical';
