export * from './review.types';
export {
  decideReview,
  evolveReview,
  initialReviewState,
  foldReview,
  reviewDecider,
  reviewStreamId,
  matchingWaiverRequest,
} from './review.decider';
export {
  SIGN_OFF_LEVEL_ROLES,
  SIGN_OFF_LEVEL_NAMES,
  SIGN_OFF_ROLE_NAMES,
  DEFAULT_WAIVING_LEVELS,
  DEFAULT_DUE_HOURS,
  MAX_DUE_HOURS,
  DEFAULT_SIGN_OFF_CHAIN,
  signOffLevel,
  validateSignOffChain,
  isLastSignOffLevel,
  nextSignOffLevel,
  firstWaivingLevelIndex,
} from './review.chain';
export {
  FOUR_EYES_MESSAGE,
  type ReviewAuthors,
  mayOpenReview,
  mayCancelReview,
  maySignOff,
  mayDecideWaiver,
  isReviewAuthor,
} from './review.policy';
export { REVIEW_LIMITS, validateReviewCommand } from './review.validation';
export { REVIEW_EVENT_SCHEMA_VERSIONS, upcastReviewEvent } from './review.upcasters';
export { REVIEW_STATUS_LABELS, FINDING_SEVERITY_LABELS, GRADE_LABELS, WAIVER_STATUS_LABELS } from './review.labels';
