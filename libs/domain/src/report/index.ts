export * from './report.types';
export { ReportEventError, type ReportEventErrorCode, type EventCoordinates } from './report.errors';
export {
  REPORT_PROJECTION,
  applyEvent,
  cloneReportModel,
  createReportModel,
  projectEvents,
  type ProjectEventsOptions,
} from './report.projection';
export {
  REPORT_TITLE,
  chainHeadsFor,
  findDepartment,
  findDepartmentByName,
  fiscalYearsOf,
  reportTableFor,
  sheetsOf,
  tableFor,
  toPublishedTable,
  unitOrderOfYear,
  type ReportTableOptions,
} from './report.table';
export { progressFor, progressUnitOrder, sheetProgress, type ProgressFilter } from './report.progress';
export { checkAsOfLimit, eventsAsOf, isWithin, projectAsOf } from './report.as-of';
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
