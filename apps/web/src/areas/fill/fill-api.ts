import type { ExistingSheet, RevisionReason, SheetIndicator, WaiverRequest } from '@budget/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { request } from '../../api/http';
import type { SaveStep } from './editor-state';

/** Amounts as the API writes them: 万元 as exact decimal text. */
export interface FundingText {
  readonly fiscalAppropriation: string;
  readonly specialAccountAppropriation: string;
  readonly otherFunds: string;
  readonly total: string;
}

/** GET /sheets/:id (and each item of GET /sheets): the sheet with its version. */
export interface SheetView {
  readonly sheetId: string;
  readonly version: number;
  readonly status: ExistingSheet['status'];
  readonly fiscalYear: number;
  readonly departmentId: string;
  readonly unitId: string;
  readonly projectName: string;
  readonly funding: FundingText;
  readonly goal: string;
  readonly indicators: readonly SheetIndicator[];
  readonly createdBy: string;
  readonly lastEditedBy: string;
  readonly submissionNo: number;
  readonly waiverRequests: readonly WaiverRequest[];
  readonly review:
    | null
    | { readonly reviewId: string; readonly round?: number; readonly reasons?: readonly RevisionReason[]; readonly comments?: string | null; readonly grade?: string | null; readonly conditions?: string | null; readonly reason?: string };
  /** Not sent by the service today; shown when present. */
  readonly updatedAt?: string;
}

export interface SheetList {
  readonly items: SheetView[];
  readonly total: number;
}

export const SHEET_STATUSES = ['draft', 'submitted', 'under_review', 'revision_requested', 'approved', 'rejected'] as const;
export const EDITABLE_STATUSES: readonly string[] = ['draft', 'revision_requested'];

export const SHEETS_KEY = ['fill-sheets'] as const;
export const sheetKey = (id: string) => ['fill-sheet', id] as const;

export const sheetPath = (id: string, rest = '') => `/sheets/${encodeURIComponent(id)}${rest}`;

export function useSheets(filter: { status?: string; fiscalYear?: number }) {
  return useQuery({
    queryKey: [...SHEETS_KEY, filter],
    queryFn: () => request<SheetList>('intake', '/sheets', { query: { status: filter.status, fiscalYear: filter.fiscalYear, limit: 1000 } }),
  });
}

export function fetchSheet(id: string): Promise<SheetView> {
  return request<SheetView>('intake', sheetPath(id));
}

export function useSheet(id: string) {
  return useQuery({ queryKey: sheetKey(id), queryFn: () => fetchSheet(id), refetchOnWindowFocus: false });
}

export interface NewSheetInput {
  readonly fiscalYear: number;
  readonly projectName: string;
  readonly goal?: string;
  readonly funding: { readonly fiscalAppropriation: string; readonly specialAccountAppropriation: string; readonly otherFunds: string };
}

export function useCreateSheet() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewSheetInput) => request<SheetView>('intake', '/sheets', { method: 'POST', json: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: SHEETS_KEY }),
  });
}

export function submitSheet(id: string, expectedVersion: number, waiverRequests: readonly WaiverRequest[]): Promise<SheetView> {
  return request<SheetView>('intake', sheetPath(id, '/submit'), {
    method: 'POST',
    json: waiverRequests.length > 0 ? { expectedVersion, waiverRequests } : { expectedVersion },
  });
}

export function withdrawSheet(id: string, expectedVersion: number): Promise<SheetView> {
  return request<SheetView>('intake', sheetPath(id, '/withdraw'), { method: 'POST', json: { expectedVersion } });
}

/** One step of a save as its request; returns the sheet with its new version. */
function runStep(id: string, version: number, step: SaveStep): Promise<SheetView> {
  switch (step.kind) {
    case 'patch':
      return request<SheetView>('intake', sheetPath(id), { method: 'PATCH', json: { expectedVersion: version, ...step.json } });
    case 'remove':
      return request<SheetView>('intake', sheetPath(id, `/indicators/${encodeURIComponent(step.indicatorId)}`), { method: 'DELETE', query: { expectedVersion: version } });
    case 'change':
      return request<SheetView>('intake', sheetPath(id, `/indicators/${encodeURIComponent(step.indicatorId)}`), { method: 'PATCH', json: { expectedVersion: version, ...step.json } });
    case 'add':
      return request<SheetView>('intake', sheetPath(id, '/indicators'), { method: 'POST', json: { expectedVersion: version, ...step.json } });
    case 'order':
      return request<SheetView>('intake', sheetPath(id, '/indicators/order'), { method: 'PUT', json: { expectedVersion: version, indicatorIds: step.indicatorIds } });
  }
}

export interface SaveOutcome {
  /** The sheet after the last step that succeeded (the one saved from when none did). */
  readonly sheet: SheetView;
  readonly error: unknown;
}

/** Runs the steps in order, each with the version the previous one returned; stops at the first error. */
export async function runSave(sheet: SheetView, steps: readonly SaveStep[]): Promise<SaveOutcome> {
  let latest = sheet;
  for (const step of steps) {
    try {
      latest = await runStep(sheet.sheetId, latest.version, step);
    } catch (error) {
      return { sheet: latest, error };
    }
  }
  return { sheet: latest, error: null };
}
