import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type AnswerOf, api, type BodyOf } from '../../api/client';
import type { Routes } from '@budget/contracts';
import type { SaveStep } from './editor-state';

/** GET /sheets/:id (and each item of GET /sheets): the sheet with its version and when it last changed. */
export type SheetView = AnswerOf<'intake', 'getSheet'>;
export type SheetStatus = SheetView['status'];
/** Amounts as the API writes them: 万元 as exact decimal text. */
export type FundingText = SheetView['funding'];
/** POST /sheets, as the form sends it (amounts as 万元 text). */
export type NewSheetInput = BodyOf<Routes['intake']['createSheet']>;

export const SHEET_STATUSES = ['draft', 'submitted', 'under_review', 'revision_requested', 'approved', 'rejected'] as const satisfies readonly SheetStatus[];
export const EDITABLE_STATUSES: readonly SheetStatus[] = ['draft', 'revision_requested'];

export const SHEETS_KEY = ['fill-sheets'] as const;
export const sheetKey = (id: string) => ['fill-sheet', id] as const;

/** The editor's address of a sheet in the application. */
export const sheetPath = (id: string) => `/sheets/${encodeURIComponent(id)}`;

export function useSheets(filter: { status?: SheetStatus | undefined; fiscalYear?: number | undefined }) {
  return useQuery({
    queryKey: [...SHEETS_KEY, filter],
    queryFn: ({ signal }) =>
      api.sheets.list({
        query: { ...(filter.status ? { status: filter.status } : {}), ...(filter.fiscalYear !== undefined ? { fiscalYear: String(filter.fiscalYear) } : {}), limit: '1000' },
        signal,
      }),
  });
}

export function fetchSheet(id: string): Promise<SheetView> {
  return api.sheets.get({ sheetId: id });
}

export function useSheet(id: string) {
  return useQuery({ queryKey: sheetKey(id), queryFn: () => fetchSheet(id), refetchOnWindowFocus: false });
}

export function useCreateSheet() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: NewSheetInput) => api.sheets.create({ body: input }),
    onSuccess: () => client.invalidateQueries({ queryKey: SHEETS_KEY }),
  });
}

export function submitSheet(id: string, expectedVersion: number, waiverRequests: readonly { ruleId: string; field?: string; reason: string }[]): Promise<SheetView> {
  return api.sheets.submit({ sheetId: id, body: waiverRequests.length > 0 ? { expectedVersion, waiverRequests: [...waiverRequests] } : { expectedVersion } });
}

export function withdrawSheet(id: string, expectedVersion: number): Promise<SheetView> {
  return api.sheets.withdraw({ sheetId: id, body: { expectedVersion } });
}

/** 结转至下一年度: next year's draft of an approved continuing project. */
export function carryForwardSheet(id: string): Promise<SheetView> {
  return api.sheets.carryForward({ sheetId: id, body: {} });
}

/** One step of a save as its request; returns the sheet with its new version. */
function runStep(sheetId: string, version: number, step: SaveStep): Promise<SheetView> {
  switch (step.kind) {
    case 'patch':
      return api.sheets.edit({ sheetId, body: { expectedVersion: version, ...step.json } });
    case 'remove':
      return api.sheets.removeIndicator({ sheetId, indicatorId: step.indicatorId, query: { expectedVersion: String(version) } });
    case 'change':
      return api.sheets.changeIndicator({ sheetId, indicatorId: step.indicatorId, body: { expectedVersion: version, ...step.json } });
    case 'add':
      return api.sheets.addIndicator({ sheetId, body: { expectedVersion: version, ...step.json } });
    case 'order':
      return api.sheets.reorderIndicators({ sheetId, body: { expectedVersion: version, indicatorIds: [...step.indicatorIds] } });
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
