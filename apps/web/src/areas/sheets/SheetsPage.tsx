import { Button, Card, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useActor } from '../../api/session';
import { SHEET_STATUS_LABELS, SHEETS } from '../../labels';
import { EmptyState, ErrorState } from '../../shared/states';
import { type SheetStatus, type SheetView, useSheets } from './sheets-api';

export const STATUS_COLORS: Record<SheetStatus, string | undefined> = {
  draft: undefined,
  submitted: 'blue',
  under_review: 'processing',
  revision_requested: 'orange',
  approved: 'green',
  rejected: 'red',
};

const STATUSES = Object.keys(SHEET_STATUS_LABELS) as SheetStatus[];

export function yearOptions(now = new Date()): number[] {
  const y = now.getFullYear();
  return [y + 1, y, y - 1, y - 2, y - 3];
}

/** The list itself, the latest year first (the service keeps creation order within it). */
export function SheetsTable({ sheets, loading }: { sheets: readonly SheetView[]; loading?: boolean }) {
  return (
    <Table<SheetView>
      size="middle"
      rowKey="sheetId"
      loading={loading}
      dataSource={[...sheets].sort((a, b) => b.fiscalYear - a.fiscalYear)}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <EmptyState description={SHEETS.noSheets} /> }}
      columns={[
        { title: SHEETS.colName, key: 'name', render: (_, s) => <Link to={`/sheets/${s.sheetId}`}>{s.projectName}</Link> },
        { title: SHEETS.colTotal, key: 'total', align: 'right', width: 140, render: (_, s) => s.funding.total },
        { title: SHEETS.colStatus, key: 'status', width: 120, render: (_, s) => <Tag color={STATUS_COLORS[s.status]}>{SHEET_STATUS_LABELS[s.status]}</Tag> },
        { title: SHEETS.colYear, dataIndex: 'fiscalYear', width: 90 },
        { title: SHEETS.colVersion, dataIndex: 'version', width: 80 },
      ]}
    />
  );
}

/** /sheets — the sheets of my unit (the service scopes the list), by status and year. */
export function SheetsPage() {
  const actor = useActor();
  const navigate = useNavigate();
  const [status, setStatus] = useState<SheetStatus | undefined>();
  const [fiscalYear, setFiscalYear] = useState<number | undefined>();
  const query = useSheets({ status, fiscalYear });
  return (
    <Card
      title={
        <Space orientation="vertical" size={0}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {SHEETS.title}
          </Typography.Title>
          <Typography.Text type="secondary">{SHEETS.hint}</Typography.Text>
        </Space>
      }
      extra={
        actor.role === 'unit_clerk' && (
          <Button type="primary" onClick={() => void navigate('/sheets/new')}>
            {SHEETS.newSheet}
          </Button>
        )
      }
    >
      <Space style={{ marginBottom: 16 }} wrap>
        <Select<SheetStatus | ''>
          aria-label={SHEETS.statusFilter}
          style={{ width: 160 }}
          value={status ?? ''}
          onChange={(v) => setStatus(v === '' ? undefined : v)}
          options={[{ value: '', label: SHEETS.allStatuses }, ...STATUSES.map((s) => ({ value: s, label: SHEET_STATUS_LABELS[s] }))]}
        />
        <Select<number>
          aria-label={SHEETS.yearFilter}
          style={{ width: 140 }}
          value={fiscalYear ?? 0}
          onChange={(v) => setFiscalYear(v === 0 ? undefined : v)}
          options={[{ value: 0, label: SHEETS.allYears }, ...yearOptions().map((y) => ({ value: y, label: String(y) }))]}
        />
        {query.data && <Typography.Text type="secondary">{SHEETS.count(query.data.total)}</Typography.Text>}
      </Space>
      {query.isError ? <ErrorState error={query.error} onRetry={() => void query.refetch()} /> : <SheetsTable sheets={query.data?.items ?? []} loading={query.isPending} />}
    </Card>
  );
}
