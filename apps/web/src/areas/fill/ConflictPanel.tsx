import { Alert, Button, Table } from 'antd';
import { FILL, SHEET_STATUS_LABELS } from '../../labels';
import { type ConflictRow, conflictRows } from './conflict-diff';
import type { SheetView } from './fill-api';

interface Props {
  readonly opened: SheetView;
  readonly current: SheetView;
  readonly reloading: boolean;
  readonly onReload: () => void;
}

const statusWord = (s: string) => (SHEET_STATUS_LABELS as Record<string, string>)[s] ?? s;

/** A 409 on save: what the server has now against what the clerk opened, and 重新载入. */
export function ConflictPanel({ opened, current, reloading, onReload }: Props) {
  const rows = conflictRows(opened, current).map((r) => (r.key === 'status' ? { ...r, opened: statusWord(r.opened), current: statusWord(r.current) } : r));
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      data-testid="conflict"
      style={{ marginBottom: 16 }}
      title={`${FILL.conflictTitle}（${FILL.conflictVersion(opened.version, current.version)}）`}
      description={
        <>
          <p style={{ margin: '4px 0 8px' }}>{FILL.conflictHint}</p>
          <Table<ConflictRow>
            size="small"
            rowKey="key"
            pagination={false}
            aria-label={FILL.conflictTitle}
            dataSource={rows}
            columns={[
              { title: FILL.conflictField, dataIndex: 'field', width: 200 },
              { title: FILL.conflictOpened, dataIndex: 'opened' },
              { title: FILL.conflictCurrent, dataIndex: 'current', render: (v: string) => <strong>{v}</strong> },
            ]}
          />
        </>
      }
      action={
        <Button type="primary" loading={reloading} onClick={onReload}>
          {FILL.reload}
        </Button>
      }
    />
  );
}
