import type { WaiverRequest } from '@budget/domain';
import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { ApiError } from '../../api/http';
import { contentOf, type Draft, draftFunding, draftOf, hasChanges, planSave, rebase } from './editor-state';
import { fetchSheet, runSave, SHEETS_KEY, sheetKey, type SheetView, submitSheet, withdrawSheet } from './fill-api';
import { useFindings } from './useFindings';

export type Outcome = 'ok' | 'conflict' | 'error';

export type Busy = 'save' | 'submit' | 'withdraw' | 'reload' | null;

/**
 * The editor's state: the sheet as last known from the server (`base`, whose version every
 * request names), the clerk's draft on top, and a conflict when the server moved on.
 */
export function useEditor(initial: SheetView) {
  const client = useQueryClient();
  const [base, setBase] = useState(initial);
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const [conflict, setConflict] = useState<SheetView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [notice, setNotice] = useState<'saved' | 'reloaded' | null>(null);

  const content = useMemo(() => contentOf(base, draft), [base, draft]);
  const findings = useFindings(content);
  const dirty = useMemo(() => hasChanges(base, draft), [base, draft]);
  const amountsValid = draftFunding(draft) !== null;

  const known = (sheet: SheetView) => {
    setBase(sheet);
    client.setQueryData(sheetKey(sheet.sheetId), sheet);
    void client.invalidateQueries({ queryKey: SHEETS_KEY });
  };

  /** A version conflict becomes the conflict panel ('conflict'); anything else is shown as an error. */
  const onError = async (e: unknown, at: SheetView): Promise<Outcome> => {
    if (e instanceof ApiError && e.status === 409 && e.code === 'VERSION_CONFLICT') {
      try {
        setConflict(await fetchSheet(at.sheetId));
        return 'conflict';
      } catch (again) {
        setError(again);
        return 'error';
      }
    }
    setError(e);
    return 'error';
  };

  /** Saves what changed; resolves to the saved sheet, or to what went wrong (already shown). */
  const save = async (): Promise<SheetView | Outcome> => {
    setError(null);
    setNotice(null);
    setBusy('save');
    try {
      const outcome = await runSave(base, planSave(base, draft));
      if (outcome.sheet !== base) known(outcome.sheet);
      if (outcome.error) {
        return await onError(outcome.error, outcome.sheet);
      }
      setNotice('saved');
      return outcome.sheet;
    } finally {
      setBusy(null);
    }
  };

  const reload = async () => {
    setBusy('reload');
    setError(null);
    try {
      const current = await fetchSheet(base.sheetId);
      setDraft(rebase(base, draft, current));
      known(current);
      setConflict(null);
      setNotice('reloaded');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };

  /** Saves first when there are unsaved edits, then submits with the version saved. */
  const submit = async (waiverRequests: WaiverRequest[]): Promise<Outcome> => {
    const saved = dirty ? await save() : base;
    if (typeof saved === 'string') return saved;
    setBusy('submit');
    setError(null);
    try {
      known(await submitSheet(saved.sheetId, saved.version, waiverRequests));
      return 'ok';
    } catch (e) {
      return await onError(e, saved);
    } finally {
      setBusy(null);
    }
  };

  return { base, draft, setDraft, content, findings, dirty, amountsValid, conflict, error, busy, notice, save, reload, submit, clearError: () => setError(null) };
}

/** 撤回 (from the read-only view of a submitted sheet). */
export function useWithdraw(sheet: SheetView) {
  const client = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const withdraw = async () => {
    setBusy(true);
    setError(null);
    try {
      const after = await withdrawSheet(sheet.sheetId, sheet.version);
      client.setQueryData(sheetKey(after.sheetId), after);
      void client.invalidateQueries({ queryKey: SHEETS_KEY });
    } catch (e) {
      setError(e);
      void client.invalidateQueries({ queryKey: sheetKey(sheet.sheetId) });
    } finally {
      setBusy(false);
    }
  };
  return { withdraw, busy, error };
}
