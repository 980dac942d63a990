import { type ReadModelVersions } from '@budget/domain';

export type RebuildState = 'copying' | 'waiting_for_live' | 'comparing' | 'switched' | 'mismatch' | 'failed';
export const RUNNING: readonly RebuildState[] = ['copying', 'waiting_for_live', 'comparing'];

export interface PartitionTarget {
  readonly topic: string;
  readonly partition: number;
  readonly low: string;
  /** The end of the partition when the rebuild started: the rebuild copies everything before it. */
  readonly high: string;
}

export interface GenerationChecksums {
  readonly generation: number;
  readonly events: number;
  /** SHA-256 over the per-table checksums, in department/year order. */
  readonly checksum: string;
  readonly tables: readonly { readonly departmentId: string; readonly fiscalYear: number; readonly checksum: string }[];
}

export interface RebuildComparison {
  readonly equal: boolean;
  readonly live: GenerationChecksums;
  readonly rebuilt: GenerationChecksums;
  readonly differences: readonly { readonly departmentId: string; readonly fiscalYear: number; readonly live: string | null; readonly rebuilt: string | null }[];
  /** Events the live copy received after the rebuild's end offsets, carried over before the comparison. */
  readonly carriedOverFromLive: number;
  /** Events only the rebuilt copy has (the live consumer dead-lettered or never saw them). */
  readonly onlyInRebuilt: number;
}

/** Why a rebuild runs: an administrator asked, or the code's read models are not those the live copy was built with. */
export type RebuildTrigger =
  | { readonly kind: 'requested' }
  | { readonly kind: 'read_model_versions'; readonly stale: readonly string[]; readonly stored: ReadModelVersions; readonly code: ReadModelVersions };

export interface RebuildReport {
  readonly rebuildId: string;
  readonly trigger: RebuildTrigger;
  readonly generation: number;
  readonly previousGeneration: number;
  readonly status: RebuildState;
  readonly message: string;
  readonly requestedBy: { readonly id: string; readonly role: string };
  readonly startedAt: string;
  readonly finishedAt: string | null;
  readonly durationMs: number;
  readonly targets: readonly PartitionTarget[];
  readonly progress: {
    readonly messagesTotal: number;
    readonly messagesDone: number;
    readonly percent: number;
    /** Messages before the end offsets handed to the copy in committed chunks (an event already there or refused counts too: rare in a rebuild). */
    readonly eventsCopied: number;
    readonly skippedAfterTarget: number;
  };
  readonly comparison: RebuildComparison | null;
  readonly error: string | null;
}
