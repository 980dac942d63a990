export * from './sheet.types';
export * from './sheet.events.v1';
export {
  decideSheet,
  evolveSheet,
  initialSheetState,
  foldSheet,
  sheetDecider,
  sheetStreamId,
} from './sheet.decider';
export {
  REVIEW_DECISION_ROLES,
  mayCreateDraft,
  mayCarryForwardDepartment,
  mayEditSheet,
  maySubmitSheet,
  mayWithdrawSubmission,
  mayDecideReview,
  mayReopenSheet,
  isOwnWork,
} from './sheet.policy';
export { SHEET_LIMITS, validateSheetCommand } from './sheet.validation';
export { diffSheetContent, isEmptyDiff } from './sheet.diff';
export { SHEET_EVENT_SCHEMA_VERSIONS, upcastSheetEvent } from './sheet.upcasters';
export { SHEET_STATUS_LABELS, SHEET_FIELD_LABELS, SHEET_EVENT_LABELS, NO_STATE_LABEL, CARRY_FORWARD_LABELS } from './sheet.labels';
