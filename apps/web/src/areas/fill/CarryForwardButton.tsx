import { mayCreateDraft } from '@budget/domain';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Popconfirm } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { ApiError } from '../../api/http';
import { useActor } from '../../api/session';
import { CARRY_FORWARD_LABELS, FILL, UI } from '../../labels';
import { EXACT_TEXT } from '../../shared/FormModal';
import { messageOf } from '../../shared/states';
import { carryForwardSheet, type SheetView, SHEETS_KEY, sheetKey, sheetPath } from './fill-api';

/** The sheet an earlier carry made, named by the 409 that refuses a second one. */
const carriedIdOf = (error: unknown): string | null => (error instanceof ApiError && error.code === 'ALREADY_EXISTS' && typeof error.body.sheetId === 'string' ? error.body.sheetId : null);

/**
 * 结转至下一年度: on an approved sheet, for whoever may create the unit's drafts, next year's draft
 * of the continuing project (持续性项目); it opens once made. A second carry shows the service's
 * refusal and a link to the draft the first one made.
 */
export function CarryForwardButton({ sheet }: { sheet: SheetView }) {
  const actor = useActor();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (sheet.status !== 'approved' || !mayCreateDraft(actor, sheet).allowed) return null;
  const carry = async () => {
    setBusy(true);
    setError(null);
    try {
      const draft = await carryForwardSheet(sheet.sheetId);
      client.setQueryData(sheetKey(draft.sheetId), draft);
      void client.invalidateQueries({ queryKey: SHEETS_KEY });
      void navigate(sheetPath(draft.sheetId));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const carried = carriedIdOf(error);
  return (
    <>
      <Popconfirm title={FILL.carryForwardConfirm(sheet.fiscalYear + 1)} okText={UI.confirm} cancelText={UI.cancel} okButtonProps={EXACT_TEXT} cancelButtonProps={EXACT_TEXT} onConfirm={() => void carry()}>
        <Button type="primary" loading={busy}>
          {CARRY_FORWARD_LABELS.action}
        </Button>
      </Popconfirm>
      {error ? (
        <Alert
          type="error"
          showIcon
          title={FILL.carryForwardFailed}
          description={messageOf(error)}
          action={carried ? <Link to={sheetPath(carried)}>{FILL.openCarried}</Link> : undefined}
          style={{ marginTop: 8 }}
        />
      ) : null}
    </>
  );
}
