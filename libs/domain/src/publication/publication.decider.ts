import { financeCovers } from '../access';
import { allow, authorize, deny, type PolicyDecision } from '../core/policy';
import { createUpcaster, type StoredEvent } from '../core/upcasting';
import { assertNever, DomainError, type FieldError } from '../errors';
import { type Actor } from '../events/envelope';
import { CANONICAL_TABLE_VERSION } from '../report/report.canonical';
import { diffTables, type TableDiff } from '../report/report.diff';
import { throwIfInvalid } from '../sheet/field-checks';
import { PUBLICATION_MESSAGES, publicationVersionLabel } from './publication.labels';
import {
  type ExcludedSheet,
  type PublicationCommand,
  type PublicationEvent,
  type PublicationKind,
  type PublicationState,
  type PublishedSheetVersion,
  type PublishedVersion,
  type PublishTable,
  type ReopenAfterPublication,
} from './publication.types';

/**
 * A department's published tables of one fiscal year (公开), stream
 * `publication-<departmentId>-<fiscalYear>`: version 1 is the publication, every later version a
 * correction (更正) after finance reopened sheets, sealed with its diff against the version before.
 */
export function publicationStreamId(departmentId: string, fiscalYear: number): string {
  return `publication-${departmentId}-${fiscalYear}`;
}

export const MAX_PUBLICATION_REASON_LENGTH = 500;

export const PUBLICATION_EVENT_SCHEMA_VERSIONS: Readonly<Record<PublicationEvent['type'], number>> = {
  TablePublished: 1,
  PublishedSheetReopened: 1,
};

export function initialPublicationState(): PublicationState {
  return { status: 'unpublished' };
}

export function mayPublish(actor: Actor, departmentId: string): PolicyDecision {
  return actor.role === 'department_reviewer' && actor.departmentId === departmentId ? allow : deny(PUBLICATION_MESSAGES.mayPublish);
}

export function mayReopenAfterPublication(actor: Actor, departmentId: string): PolicyDecision {
  return actor.role === 'finance_reviewer' && financeCovers(actor, departmentId) ? allow : deny(PUBLICATION_MESSAGES.mayReopen);
}

export function decidePublication(command: PublicationCommand, state: PublicationState): PublicationEvent[] {
  switch (command.type) {
    case 'PublishTable':
      return publish(command, state);
    case 'ReopenAfterPublication':
      return reopen(command, state);
    default:
      return assertNever(command, 'publication command');
  }
}

function checkReason(errors: FieldError[], field: string, reason: string | undefined, required: string | null): string | null {
  const text = reason?.trim() ?? '';
  if (text === '') {
    if (required !== null) errors.push({ field, message: required });
    return null;
  }
  if (text.length > MAX_PUBLICATION_REASON_LENGTH) errors.push({ field, message: PUBLICATION_MESSAGES.reasonTooLong(MAX_PUBLICATION_REASON_LENGTH) });
  return text;
}

/** Decimal strings of PostgreSQL bigints, compared without losing precision. */
function positionBefore(a: string, b: string): boolean {
  return a.length !== b.length ? a.length < b.length : a < b;
}

function tableMismatch(details: Record<string, unknown>): DomainError {
  return new DomainError('ILLEGAL_STATE', PUBLICATION_MESSAGES.tableMismatch, details);
}

function publish(command: PublishTable, state: PublicationState): PublicationEvent[] {
  const { departmentId, fiscalYear, table, sheets, exclusions, checksum, chainHeads, position } = command.data;
  const { actor, now } = command.metadata;
  authorize(mayPublish(actor, departmentId));
  if (table.departmentId !== departmentId || table.fiscalYear !== fiscalYear) throw tableMismatch({ departmentId: table.departmentId, fiscalYear: table.fiscalYear });

  const approved = sheets.filter((s) => s.status === 'approved');
  const inTable = new Set(table.units.flatMap((u) => u.projects.map((p) => p.sheetId)));
  const missing = approved.filter((s) => !inTable.has(s.sheetId)).map((s) => s.sheetId);
  const extra = [...inTable].filter((id) => !approved.some((s) => s.sheetId === id));
  if (missing.length > 0 || extra.length > 0) throw tableMismatch({ missing, extra });

  const errors: FieldError[] = [];
  const byId = new Map(sheets.map((s) => [s.sheetId, s]));
  const reasons = new Map<string, string>();
  exclusions.forEach((exclusion, index) => {
    const sheet = byId.get(exclusion.sheetId);
    if (!sheet) errors.push({ field: `exclusions[${index}].sheetId`, message: PUBLICATION_MESSAGES.unknownSheet });
    else if (sheet.status === 'approved') errors.push({ field: `exclusions[${index}].sheetId`, message: PUBLICATION_MESSAGES.approvedExcluded(sheet.projectName) });
    const reason = checkReason(errors, `exclusions[${index}].reason`, exclusion.reason, PUBLICATION_MESSAGES.exclusionReason);
    if (reason !== null) reasons.set(exclusion.sheetId, reason);
  });
  const excluded: ExcludedSheet[] = [];
  for (const sheet of sheets) {
    if (sheet.status === 'approved' || sheet.status === 'rejected') continue;
    const reason = reasons.get(sheet.sheetId);
    if (reason === undefined) {
      if (!exclusions.some((e) => e.sheetId === sheet.sheetId)) errors.push({ field: 'exclusions', message: PUBLICATION_MESSAGES.unlisted(sheet.projectName) });
      continue;
    }
    excluded.push({ sheetId: sheet.sheetId, unitId: sheet.unitId, projectName: sheet.projectName, status: sheet.status, reason });
  }
  if (!/^[0-9a-f]{64}$/.test(checksum)) errors.push({ field: 'checksum', message: PUBLICATION_MESSAGES.checksum });
  const previous = state.status === 'published' ? state.versions.at(-1) : undefined;
  const version = (previous?.version ?? 0) + 1;
  const reason = checkReason(errors, 'reason', command.data.reason, previous ? PUBLICATION_MESSAGES.correctionReason : null);
  throwIfInvalid(errors);

  if (approved.length === 0) throw new DomainError('ILLEGAL_STATE', PUBLICATION_MESSAGES.emptyTable);
  if (previous) {
    if (previous.checksum === checksum) throw new DomainError('ILLEGAL_STATE', PUBLICATION_MESSAGES.unchanged(previous.version), { version: previous.version });
    if (!positionBefore(previous.position.globalPosition, position.globalPosition)) throw tableMismatch({ position: position.globalPosition, previous: previous.position.globalPosition });
  }
  const versionOf = (s: (typeof sheets)[number]): PublishedSheetVersion => ({ sheetId: s.sheetId, submissionNo: s.submissionNo, reviewId: s.reviewId });
  return [
    {
      type: 'TablePublished',
      data: {
        departmentId,
        fiscalYear,
        version,
        kind: previous ? 'correction' : 'published',
        table,
        checksum,
        canonicalVersion: CANONICAL_TABLE_VERSION,
        chainHeads,
        position,
        contains: approved.map(versionOf),
        excluded,
        rejected: sheets.filter((s) => s.status === 'rejected').map(versionOf),
        diff: previous ? diffTables(previous.table, table) : null,
        reason,
        by: actor.id,
        at: now,
      },
    },
  ];
}

function reopen(command: ReopenAfterPublication, state: PublicationState): PublicationEvent[] {
  const { departmentId, fiscalYear, sheetId } = command.data;
  const { actor, now } = command.metadata;
  authorize(mayReopenAfterPublication(actor, departmentId));
  if (state.status !== 'published') throw new DomainError('ILLEGAL_STATE', PUBLICATION_MESSAGES.notPublished);
  const latest = state.versions.at(-1)!;
  const project = latest.table.units.flatMap((u) => u.projects).find((p) => p.sheetId === sheetId);
  if (!project) throw new DomainError('ILLEGAL_STATE', PUBLICATION_MESSAGES.notInLatest(latest.version), { sheetId });
  if (state.reopened.some((r) => r.sheetId === sheetId)) throw new DomainError('ILLEGAL_STATE', PUBLICATION_MESSAGES.alreadyReopened, { sheetId });
  const errors: FieldError[] = [];
  const reason = checkReason(errors, 'reason', command.data.reason, PUBLICATION_MESSAGES.reopenReason);
  throwIfInvalid(errors);
  return [
    {
      type: 'PublishedSheetReopened',
      data: { departmentId, fiscalYear, sheetId, projectName: project.name, publishedVersion: latest.version, reason: reason!, by: actor.id, at: now },
    },
  ];
}

export function evolvePublication(state: PublicationState, event: PublicationEvent): PublicationState {
  switch (event.type) {
    case 'TablePublished': {
      const versions = state.status === 'published' ? state.versions : [];
      return { status: 'published', departmentId: event.data.departmentId, fiscalYear: event.data.fiscalYear, versions: [...versions, event.data], reopened: [] };
    }
    case 'PublishedSheetReopened':
      if (state.status !== 'published') throw new Error('PublishedSheetReopened before any publication');
      return { ...state, reopened: [...state.reopened, event.data] };
    default:
      return assertNever(event, 'publication event');
  }
}

export const publicationDecider = {
  decide: decidePublication,
  evolve: evolvePublication,
  initialState: initialPublicationState,
} as const;

export const upcastPublicationEvent: (stored: StoredEvent) => PublicationEvent = createUpcaster<PublicationEvent>(PUBLICATION_EVENT_SCHEMA_VERSIONS, {});

// ---- reading ---------------------------------------------------------------------------------

/** Version n exactly as it was published: what `export … --published n` writes. */
export function publishedVersion(state: PublicationState, version: number): PublishedVersion {
  const found = state.status === 'published' ? state.versions.find((v) => v.version === version) : undefined;
  if (!found) throw new DomainError('NOT_FOUND', PUBLICATION_MESSAGES.noVersion(version), { version });
  return found;
}

export interface PublicationSummary {
  readonly version: number;
  readonly kind: PublicationKind;
  readonly label: string;
  readonly checksum: string;
  readonly by: string;
  readonly at: string;
  readonly globalPosition: string;
  readonly projects: number;
  readonly excluded: number;
  readonly reason: string | null;
}

/** The list of `publications --department`: who published which version when. */
export function publicationList(state: PublicationState): PublicationSummary[] {
  if (state.status !== 'published') return [];
  return state.versions.map((v) => ({
    version: v.version,
    kind: v.kind,
    label: publicationVersionLabel(v.kind, v.version),
    checksum: v.checksum,
    by: v.by,
    at: v.at,
    globalPosition: v.position.globalPosition,
    projects: v.contains.length,
    excluded: v.excluded.length,
    reason: v.reason,
  }));
}

/** `diff … --from a --to b` over any two published versions; the sealed diff of b is this with a = b − 1. */
export function diffPublished(state: PublicationState, from: number, to: number): TableDiff {
  return diffTables(publishedVersion(state, from).table, publishedVersion(state, to).table);
}

/** For a sheet's history: which published versions contained which of its versions (submissions). */
export function sheetPublications(state: PublicationState, sheetId: string): { readonly version: number; readonly kind: PublicationKind; readonly submissionNo: number; readonly reviewId: string | null }[] {
  if (state.status !== 'published') return [];
  return state.versions.flatMap((v) => v.contains.filter((c) => c.sheetId === sheetId).map((c) => ({ version: v.version, kind: v.kind, submissionNo: c.submissionNo, reviewId: c.reviewId })));
}
