import { Alert, App, Button, Popconfirm, Space, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { useActor } from '../../api/session';
import { SHEET_STATUS_LABELS, SHEETS } from '../../labels';
import { messageOf, QueryState } from '../../shared/states';
import { SheetEditor } from './SheetEditor';
import { ReviewNotice, SheetSummary } from './SheetSummary';
import { type SheetView, useSheet, useWithdrawSheet } from './sheets-api';

const EDITABLE: readonly SheetView['status'][] = ['draft', 'revision_requested'];

/** A sheet that cannot be edited now: as it stands, with 撤回 while the review has not started. */
function ReadOnlySheet({ sheet, mayWithdraw }: { sheet: SheetView; mayWithdraw: boolean }) {
  const { message } = App.useApp();
  const withdraw = useWithdrawSheet(sheet);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Alert type="info" showIcon title={SHEETS.readOnly(SHEET_STATUS_LABELS[sheet.status])} />
      <ReviewNotice sheet={sheet} />
      {withdraw.isError && <Alert type="error" showIcon title={messageOf(withdraw.error)} />}
      {mayWithdraw && sheet.status === 'submitted' && (
        <Popconfirm title={SHEETS.withdrawConfirm} okText={SHEETS.confirm} cancelText={SHEETS.cancel} onConfirm={() => withdraw.mutate(undefined, { onSuccess: () => void message.success(SHEETS.withdrawn) })}>
          <Button loading={withdraw.isPending}>{SHEETS.withdraw}</Button>
        </Popconfirm>
      )}
      <SheetSummary sheet={sheet} />
    </Space>
  );
}

function Heading({ sheet }: { sheet: SheetView }) {
  return (
    <Space align="center" wrap style={{ marginBottom: 16 }}>
      <Typography.Title level={3} style={{ margin: 0 }}>
        {sheet.projectName}
      </Typography.Title>
      <Tag color={sheet.status === 'revision_requested' ? 'orange' : sheet.status === 'approved' ? 'green' : undefined}>{SHEET_STATUS_LABELS[sheet.status]}</Tag>
      <Typography.Text type="secondary">{sheet.fiscalYear}</Typography.Text>
      <Link to="/sheets">{SHEETS.backToList}</Link>
    </Space>
  );
}

/** /sheets/:sheetId — the editor for a clerk's draft or sheet sent back; read-only otherwise. */
export function SheetEditorPage() {
  const { sheetId = '' } = useParams();
  const actor = useActor();
  const query = useSheet(sheetId);
  if (!query.data) return <QueryState query={query} />;
  const sheet = query.data;
  const canEdit = actor.role === 'unit_clerk' && actor.unitId === sheet.unitId;
  return (
    <div>
      <Heading sheet={sheet} />
      {canEdit && EDITABLE.includes(sheet.status) ? <SheetEditor key={sheet.sheetId} initial={sheet} /> : <ReadOnlySheet sheet={sheet} mayWithdraw={canEdit} />}
    </div>
  );
}
