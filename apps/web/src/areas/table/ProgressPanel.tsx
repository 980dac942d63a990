import { Badge, Space, Table, Tag, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { SHEET_STATUS_LABELS, TABLE, UI } from '../../labels';
import { QueryState } from '../../shared/states';
import { BatchReminderButton } from './BatchReminderButton';
import { progressCounts } from './progress';
import { useProgress, type ProgressItem } from './table-api';
import { formatBeijing } from './time';

const STATUS_COLOR: Record<string, string> = {
  draft: 'default',
  submitted: 'processing',
  under_review: 'processing',
  revision_requested: 'warning',
  approved: 'success',
  rejected: 'error',
};

function columns(historyLinks: boolean): ColumnsType<ProgressItem> {
  const cols: ColumnsType<ProgressItem> = [
    { title: TABLE.unitName, dataIndex: 'unitName', key: 'unit', width: 200 },
    { title: UI.projectName, dataIndex: 'projectName', key: 'project', width: 220 },
    { title: UI.total, dataIndex: 'totalText', key: 'total', width: 90, align: 'right' },
    {
      title: UI.status,
      dataIndex: 'status',
      key: 'status',
      width: 110,
      render: (s: ProgressItem['status']) => <Badge status={STATUS_COLOR[s] as 'default'} text={SHEET_STATUS_LABELS[s]} />,
    },
    { title: TABLE.waitingAt, key: 'waiting', render: (_: unknown, r) => r.waitingAt.label },
    { title: TABLE.lastChange, key: 'last', width: 160, render: (_: unknown, r) => formatBeijing(r.lastChange.recordedAt) },
  ];
  if (historyLinks) {
    cols.push({
      title: UI.actions,
      key: 'actions',
      width: 90,
      render: (_: unknown, r) => (
        <Link to={`/audit/sheets/${r.sheetId}`} aria-label={`${TABLE.history}：${r.projectName}`}>
          {TABLE.history}
        </Link>
      ),
    });
  }
  return cols;
}

/** Every sheet of the department and year with its status and where it waits; counts per status on top; 催办 for the department's reviewer. */
export function ProgressPanel({ departmentId, fiscalYear, historyLinks }: { departmentId: string; fiscalYear: number; historyLinks: boolean }) {
  const query = useProgress(departmentId, fiscalYear);
  if (!query.data) return <QueryState query={query} />;
  const items = query.data;
  return (
    <section aria-label={TABLE.progress}>
      <div style={{ marginBottom: 8 }}>
        <BatchReminderButton departmentId={departmentId} fiscalYear={fiscalYear} />
      </div>
      <Space wrap style={{ marginBottom: 8 }}>
        <span>{TABLE.progressCount(items.length)}</span>
        {progressCounts(items).map((c) => (
          <Tooltip key={c.status} title={c.waitingAt.join('；')}>
            <Tag color={STATUS_COLOR[c.status]} data-testid={`progress-${c.status}`}>
              {SHEET_STATUS_LABELS[c.status]} {c.count}
            </Tag>
          </Tooltip>
        ))}
      </Space>
      <Table<ProgressItem>
        size="small"
        rowKey="sheetId"
        columns={columns(historyLinks)}
        dataSource={items}
        pagination={items.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
      />
    </section>
  );
}
