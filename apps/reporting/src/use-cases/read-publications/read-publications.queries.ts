import { Query } from '@nestjs/cqrs';
import type { Actor, PublicationSummary, TableDiff } from '@budget/domain';

/** The versions a department published for a year: who, when, checksum, 已发布 / 更正. */
export class ListPublicationsQuery extends Query<{ departmentId: string; fiscalYear: number; items: PublicationSummary[] }> {
  constructor(
    readonly actor: Actor,
    readonly departmentId: string,
    readonly fiscalYear: number,
  ) {
    super();
  }
}

export type PublishedDiffAnswer = TableDiff & {
  readonly departmentId: string;
  readonly fiscalYear: number;
  readonly fromVersion: number;
  readonly toVersion: number;
};

/** What changed between two published versions: projects added, removed, fields changed. */
export class DiffPublicationsQuery extends Query<PublishedDiffAnswer> {
  constructor(
    readonly actor: Actor,
    readonly departmentId: string,
    readonly fiscalYear: number,
    readonly from: number,
    readonly to: number,
  ) {
    super();
  }
}
