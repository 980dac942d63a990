import { useMutation, useQuery } from '@tanstack/react-query';
import { request } from '../../api/http';

/** Response types of the reporting service's audit routes (hand-written until the generated client). */
export interface HistoryChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface HistoryEntry {
  readonly position: string;
  readonly eventId: string;
  readonly streamId: string;
  readonly streamVersion: number;
  readonly type: string;
  readonly label: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly actor: { readonly id: string; readonly role: string; readonly roleLabel: string; readonly name: string | null };
  readonly source: 'sheet' | 'review';
  readonly reviewId: string | null;
  readonly changes: readonly HistoryChange[];
  readonly details: Readonly<Record<string, unknown>>;
  readonly unreadable: string | null;
}

export interface SheetHistory {
  readonly sheetId: string;
  readonly projectName: string;
  readonly departmentId: string;
  readonly departmentName: string | null;
  readonly unitId: string;
  readonly fiscalYear: number;
  readonly status: string;
  readonly entries: readonly HistoryEntry[];
}

export interface ChainVerification {
  readonly ok: boolean;
  readonly streamsChecked: number;
  readonly eventsChecked: number;
  readonly durationMs?: number;
  readonly checkedAt?: string;
  readonly summary: string;
  readonly firstBroken?: { readonly streamId: string; readonly streamVersion: number; readonly eventId: string | null; readonly reason: string; readonly position: string | null };
}

export function useSheetHistory(sheetId: string | undefined) {
  return useQuery({
    queryKey: ['reporting', 'history', sheetId],
    queryFn: () => request<SheetHistory>('reporting', `/sheets/${encodeURIComponent(sheetId ?? '')}/history`),
    enabled: sheetId !== undefined,
  });
}

export function useVerifyChains() {
  return useMutation({ mutationFn: () => request<ChainVerification>('reporting', '/verify') });
}
