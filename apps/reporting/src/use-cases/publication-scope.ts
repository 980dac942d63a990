import { Injectable } from '@nestjs/common';
import {
  type Actor,
  type PublicationState,
  type PublicationSummary,
  type PublishedVersion,
  publicationList,
  readScopeFilter,
  sheetStreamId,
  type StreamHead,
  type TableDiff,
} from '@budget/domain';
import { Generations } from '../infrastructure/generations.repository';
import { ReportQueries } from '../infrastructure/report-queries';
import { ReportStore } from '../infrastructure/report-store';

/**
 * What of a sealed publication a reader may see besides the published rows (公开, for everyone who
 * may read the department): a unit user only the chain heads of its own unit's sheets, exactly as
 * `/table` and `/export` restrict them; everyone else the whole department's.
 */
export interface PublicationReader {
  /** The live generation the scope was read from. */
  readonly generation: number;
  /** The unit a unit user is held to; null for a department-wide reader. */
  readonly unitId: string | null;
  /** The sheet streams the reader may see the chains of; null: every stream of the department. */
  readonly streams: ReadonlySet<string> | null;
}

/** The unit an actor's reads are held to, once the department itself may be read (unit roles only). */
export function unitScopeOf(actor: Actor): string | null {
  const scope = readScopeFilter(actor);
  return scope === 'none' ? null : (scope.unitId ?? null);
}

/** The chain heads a reader may see: a unit user's own sheets' only (never the department stream). */
export function headsInScope(heads: readonly StreamHead[], reader: PublicationReader): StreamHead[] {
  const { streams } = reader;
  return streams === null ? [...heads] : heads.filter((h) => streams.has(h.streamId));
}

/** A sealed version as a reader may receive it: its rows as published, its chain heads in scope. */
export function publishedInScope(published: PublishedVersion, reader: PublicationReader): PublishedVersion {
  return reader.streams === null ? published : { ...published, chainHeads: headsInScope(published.chainHeads, reader) };
}

/** The versions as listed to a reader: a unit user counts only its own unit's sheets left out. */
export function publicationListInScope(state: PublicationState, reader: PublicationReader): PublicationSummary[] {
  const items = publicationList(state);
  if (reader.unitId === null || state.status !== 'published') return items;
  const excluded = new Map(state.versions.map((v) => [v.version, v.excluded.filter((e) => e.unitId === reader.unitId).length]));
  return items.map((item) => ({ ...item, excluded: excluded.get(item.version) ?? 0 }));
}

/**
 * A diff of two published tables as a reader may receive it: the names and amounts are public,
 * but a unit user learns no other unit's sheet or unit ids (their rows are keyed by unit and name).
 */
export function diffInScope(diff: TableDiff, reader: PublicationReader): TableDiff {
  const { streams, unitId } = reader;
  if (streams === null) return diff;
  const project = <P extends { key: string; sheetId: string | null; unit: string; name: string }>(p: P): P =>
    p.sheetId === null || streams.has(sheetStreamId(p.sheetId)) ? p : { ...p, key: `${p.unit} / ${p.name}`, sheetId: null };
  const unit = <U extends { key: string; unitId: string | null; name: string }>(u: U): U => (u.unitId === null || u.unitId === unitId ? u : { ...u, key: u.name, unitId: null });
  return {
    ...diff,
    unitsAdded: diff.unitsAdded.map(unit),
    unitsRemoved: diff.unitsRemoved.map(unit),
    unitsChanged: diff.unitsChanged.map(unit),
    projectsAdded: diff.projectsAdded.map(project),
    projectsRemoved: diff.projectsRemoved.map(project),
    projectsChanged: diff.projectsChanged.map(project),
  };
}

/** Reads a reader's scope from the live copy: which sheet streams of the department's year are its unit's. */
@Injectable()
export class PublicationScope {
  constructor(
    private readonly store: ReportStore,
    private readonly generations: Generations,
    private readonly queries: ReportQueries,
  ) {}

  /** Call once the actor may read the department (ReportService.readableDepartment). */
  of(actor: Actor, departmentId: string, fiscalYear: number): Promise<PublicationReader> {
    const unitId = unitScopeOf(actor);
    return this.store.snapshot(async (db) => {
      const generation = await this.generations.active(db);
      if (unitId === null) return { generation, unitId, streams: null };
      return { generation, unitId, streams: new Set(await this.queries.unitStreams(generation, departmentId, fiscalYear, unitId, db)) };
    });
  }
}
