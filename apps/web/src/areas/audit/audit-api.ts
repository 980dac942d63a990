import { useMutation, useQuery } from '@tanstack/react-query';
import { type AnswerOf, api } from '../../api/client';

/** GET /sheets/:sheetId/history of the reporting service: the sheet's 变更记录. */
export type SheetHistory = AnswerOf<'reporting', 'history'>;
export type HistoryEntry = SheetHistory['entries'][number];
export type HistoryChange = HistoryEntry['changes'][number];
/** GET /verify: the hash chains checked. */
export type ChainVerification = AnswerOf<'reporting', 'verify'>;

export function useSheetHistory(sheetId: string | undefined) {
  return useQuery({
    queryKey: ['reporting', 'history', sheetId],
    queryFn: ({ signal }) => api.sheets.history({ sheetId: sheetId ?? '', signal }),
    enabled: sheetId !== undefined,
  });
}

export function useVerifyChains() {
  return useMutation({ mutationFn: () => api.report.verify() });
}
