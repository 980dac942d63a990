// The request context and the command metadata are the platform's, shared with the review service.
export { commandMetadata, type RequestContext } from '@budget/platform';
