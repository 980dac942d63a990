export * from './publication.types';
export {
  MAX_PUBLICATION_REASON_LENGTH,
  PUBLICATION_EVENT_SCHEMA_VERSIONS,
  decidePublication,
  diffPublished,
  evolvePublication,
  initialPublicationState,
  mayPublish,
  mayReopenAfterPublication,
  publicationDecider,
  publicationList,
  publicationStreamId,
  publishedVersion,
  sheetPublications,
  upcastPublicationEvent,
  type PublicationSummary,
} from './publication.decider';
export { PUBLICATION_EVENT_LABELS, PUBLICATION_KIND_LABELS, PUBLICATION_MESSAGES, publicationVersionLabel } from './publication.labels';
