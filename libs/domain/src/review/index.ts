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
  SIGN_OFF_ROLE_NAMES,
  DEFAULT_WAIVING_LEVELS,
  DEFAULT_DUE_HOURS,
  DEFAULT_DUE_WORKING_DAYS,
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
  maySignOffFor,
  mayDecideWaiver,
  isReviewAuthor,
} from './review.policy';
export { REVIEW_LIMITS, validateReviewCommand } from './review.validation';
export { REVIEW_EVENT_SCHEMA_VERSIONS, upcastReviewEvent } from './review.upcasters';
export { NOTIFICATION_KINDS, type NotificationKind, NOTIFICATION_KIND_LABELS, NOTIFICATION_TEXTS } from './notification.labels';
export {
  SIGN_OFF_LEVEL_NAMES,
  REVIEW_STATUS_LABELS,
  LEVEL_DECISION_LABELS,
  FINDING_SEVERITY_LABELS,
  GRADE_LABELS,
  WAIVER_STATUS_LABELS,
  REVIEW_EVENT_LABELS,
  SIGN_OFF_CHAIN_EVENT_LABELS,
  SIGN_OFF_CHAIN_ADOPTED_LABEL,
  SIGN_OFF_CHAIN_FIELD_LABEL,
  signOffChainText,
} from './review.labels';
export {
  SIGN_OFF_CHAIN_STREAM_PREFIX,
  SIGN_OFF_CHAIN_EVENT_SCHEMA_VERSIONS,
  MAX_EXCEPTION_REASON_LENGTH,
  signOffChainStreamId,
  initialSignOffChainState,
  chainInForce,
  mayConfigureSignOffChain,
  mayConfigureLastLevelException,
  validateStrictSignOffChain,
  decideSignOffChain,
  evolveSignOffChain,
  signOffChainDecider,
  upcastSignOffChainEvent,
  type ConfigureSignOffChain,
  type AdoptStoredSignOffChain,
  type SignOffChainCommand,
  type SignOffChainConfigured,
  type SignOffChainEvent,
  type SignOffChainState,
} from './sign-off-chain';
