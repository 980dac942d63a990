import type { ExistingSheet, IndicatorInput, RevisionReason, SheetIndicator, WaiverRequest } from '@budget/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/http';

/** Amounts of GET /sheets/:id as 万元 decimal text; the total is derived by the service. */
export interface FundingText {
  readonly fiscalAppropriation: string;
  readonly specialAccountAppropriation: string;
  readonly otherFunds: string;
  readonly total: string;
}

export type SheetStatus = ExistingSheet['status'];

/** GET /sheets/:id (and each item of GET /sheets); every write answers with the same shape and the new version. */
export interface SheetView {
  readonly sheetId: string;
  readonly version: number;
  readonly status: SheetStatus;
  readonly fiscalYear: number;
  readonly departmentId: string;
  readonly unitId: string;
  readonly projectName: string;
  readonly funding: FundingText;
  readonly fundingFen: { readonly fiscalAppropriation: number; readonly specialAccountAppropriation: number; readonly otherFunds: number; readonly total: number };
  readonly goal: string;
  readonly indicators: readonly SheetIndicator[];
  readonly createdBy: string;
  readonly lastEditedBy: string;
  readonly submissionNo: number;
  readonly waiverRequests: readonly WaiverRequest[];
  readonly review: {
    readonly reviewId: string;
    readonly round?: number;
    readonly reasons?: readonly RevisionReason[];
    readonly comments?: string | null;
    readonly grade?: string | null;
    readonly conditions?: string | null;
    readonly reason?: string;
  } | null;
}

export interface SheetList {
  readonly items: readonly SheetView[];
  readonly total: number;
}

export interface SheetFilter {
  readonly status?: SheetStatus;
  readonly fiscalYear?: number;
}

export const SHEETS_KEY = ['sheets'] as const;
export const sheetKey = (sheetId: string) => ['sheet', sheetId] as const;

const path = (sheetId: string, rest = '') => `/sheets/${encodeURIComponent(sheetId)}${rest}`;

/** The sheets the service lets me see (a clerk: those of my unit). */
export function useSheets(filter: SheetFilter) {
  return useQuery({
    queryKey: [...SHEETS_KEY, filter],
    queryFn: () => request<SheetList>('intake', '/sheets', { query: { status: filter.status, fiscalYear: filter.fiscalYear, limit: 1000 } }),
  });
}

export function useSheet(sheetId: string) {
  return useQuery({
    queryKey: sheetKey(sheetId),
    queryFn: () => fetchSheet(sheetId),
    refetchOnWindowFocus: false,
    // A submission is picked up by the review service within moments: show when it does.
    refetchInterval: (q) => (q.state.data?.status === 'submitted' ? 3000 : false),
  });
}

export function fetchSheet(sheetId: string): Promise<SheetView> {
  return request<SheetView>('intake', path(sheetId));
}

export interface NewSheet {
  readonly fiscalYear: number;
  readonly projectName: string;
  readonly funding: { readonly fiscalAppropriation: string; readonly specialAccountAppropriation: string; readonly otherFunds: string };
  readonly goal?: string;
}

export function useCreateSheet() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (sheet: NewSheet) => request<SheetView>('intake', '/sheets', { method: 'POST', json: sheet }),
    onSuccess: (view) => {
      client.setQueryData(sheetKey(view.sheetId), view);
      void client.invalidateQueries({ queryKey: SHEETS_KEY });
    },
  });
}

/** One write of the editor; each answers with the sheet at its new version. */
export type SheetWrite =
  | { readonly kind: 'edit'; readonly changes: { projectName?: string; goal?: string; funding?: NewSheet['funding'] } }
  | { readonly kind: 'add'; readonly indicator: IndicatorInput }
  | { readonly kind: 'change'; readonly indicatorId: string; readonly changes: Partial<Omit<IndicatorInput, 'indicatorId'>> }
  | { readonly kind: 'remove'; readonly indicatorId: string }
  | { readonly kind: 'order'; readonly indicatorIds: readonly string[] };

export function writeSheet(sheetId: string, expectedVersion: number, write: SheetWrite): Promise<SheetView> {
  switch (write.kind) {
    case 'edit':
      return request<SheetView>('intake', path(sheetId), { method: 'PATCH', json: { expectedVersion, ...write.changes } });
    case 'add':
      return request<SheetView>('intake', path(sheetId, '/indicators'), { method: 'POST', json: { expectedVersion, ...write.indicator } });
    case 'change':
      return request<SheetView>('intake', path(sheetId, `/indicators/${encodeURIComponent(write.indicatorId)}`), { method: 'PATCH', json: { expectedVersion, ...write.changes } });
    case 'remove':
      return request<SheetView>('intake', path(sheetId, `/indicators/${encodeURIComponent(write.indicatorId)}`), { method: 'DELETE', query: { expectedVersion } });
    case 'order':
      return request<SheetView>('intake', path(sheetId, '/indicators/order'), { method: 'PUT', json: { expectedVersion, indicatorIds: write.indicatorIds } });
  }
}

export function submitSheet(sheetId: string, expectedVersion: number, waiverRequests: readonly WaiverRequest[]): Promise<SheetView> {
  return request<SheetView>('intake', path(sheetId, '/submit'), { method: 'POST', json: { expectedVersion, ...(waiverRequests.length > 0 ? { waiverRequests } : {}) } });
}

/** 撤回: a stale version (the review has started meanwhile) reloads the sheet and says why. */
export function useWithdrawSheet(sheet: SheetView) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => withdrawSheet(sheet.sheetId, sheet.version),
    onSuccess: (view) => {
      client.setQueryData(sheetKey(view.sheetId), view);
      void client.invalidateQueries({ queryKey: SHEETS_KEY });
    },
    onError: () => void client.invalidateQueries({ queryKey: sheetKey(sheet.sheetId) }),
  });
}

export function withdrawSheet(sheetId: string, expectedVersion: number): Promise<SheetView> {
  return request<SheetView>('intake', path(sheetId, '/withdraw'), { method: 'POST', json: { expectedVersion } });
}
