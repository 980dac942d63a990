import type { Finding, WaiverRequest } from '@budget/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/http';
import { amountErrors, draftOf, type EditorDraft, findingsOf, planWrites, rebase } from './editor-model';
import { fetchSheet, SHEETS_KEY, sheetKey, type SheetView, submitSheet, writeSheet } from './sheets-api';

export const FINDINGS_DEBOUNCE_MS = 250;

/** The rule findings of the content being edited, recomputed a moment after the typing stops. */
export function useDebouncedFindings(base: SheetView, draft: EditorDraft, delay = FINDINGS_DEBOUNCE_MS): Finding[] {
  const [findings, setFindings] = useState<Finding[]>(() => findingsOf(base, draft));
  useEffect(() => {
    const timer = setTimeout(() => setFindings(findingsOf(base, draft)), delay);
    return () => clearTimeout(timer);
  }, [base, draft, delay]);
  return findings;
}

type Busy = 'save' | 'submit' | null;

/**
 * The editor of one sheet: the draft on top of `base`, the server's sheet at the version every
 * write names. Each write answers with the new version, which the next write names; a 409 keeps
 * the draft and fetches the server's current sheet so the clerk can see what changed.
 */
export function useSheetEditor(initial: SheetView) {
  const client = useQueryClient();
  const [base, setBaseState] = useState(initial);
  const [draft, setDraft] = useState<EditorDraft>(() => draftOf(initial));
  const [conflict, setConflict] = useState<SheetView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<Busy>(null);

  const writes = useMemo(() => planWrites(base, draft), [base, draft]);
  const invalidAmounts = useMemo(() => Object.keys(amountErrors(draft)).length > 0, [draft]);

  const setBase = (view: SheetView) => {
    setBaseState(view);
    client.setQueryData(sheetKey(view.sheetId), view);
  };

  const fail = async (e: unknown) => {
    if (e instanceof ApiError && e.status === 409) {
      try {
        setConflict(await fetchSheet(base.sheetId));
        return;
      } catch (again) {
        setError(again);
        return;
      }
    }
    setError(e);
  };

  /** Sends what changed, in order; the view each write answers with carries the version for the next. */
  const saveChanges = async (): Promise<SheetView | null> => {
    let view = base;
    try {
      for (const write of planWrites(base, draft)) {
        view = await writeSheet(base.sheetId, view.version, write);
        setBase(view);
      }
    } catch (e) {
      await fail(e);
      return null;
    }
    if (planWrites(view, draft).length === 0) setDraft(draftOf(view));
    void client.invalidateQueries({ queryKey: SHEETS_KEY });
    return view;
  };

  const run = async (kind: Busy, action: () => Promise<boolean>): Promise<boolean> => {
    setBusy(kind);
    setError(null);
    try {
      return await action();
    } finally {
      setBusy(null);
    }
  };

  const save = () => run('save', async () => (await saveChanges()) !== null);

  const finish = (view: SheetView) => {
    setBase(view);
    setDraft(draftOf(view));
    void client.invalidateQueries({ queryKey: SHEETS_KEY });
  };

  /** Saves first when anything is unsaved, then submits at the version the save reached. */
  const submit = (waiverRequests: WaiverRequest[]) =>
    run('submit', async () => {
      const saved = writes.length > 0 ? await saveChanges() : base;
      if (!saved) return false;
      try {
        finish(await submitSheet(base.sheetId, saved.version, waiverRequests));
        return true;
      } catch (e) {
        await fail(e);
        return false;
      }
    });

  /** After a conflict: the server's sheet with the clerk's unsaved edits on top. */
  const reloadKeepingEdits = () => {
    if (!conflict) return;
    setDraft(rebase(base, draft, conflict));
    setBase(conflict);
    setConflict(null);
  };

  const discardEdits = () => {
    if (!conflict) return;
    finish(conflict);
    setConflict(null);
  };

  return { base, draft, setDraft, dirty: writes.length > 0, invalidAmounts, conflict, error, busy, save, submit, reloadKeepingEdits, discardEdits, clearError: () => setError(null) };
}
