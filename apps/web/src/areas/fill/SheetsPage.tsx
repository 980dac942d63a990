import { Button, InputNumber, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { FILL, SHEET_STATUS_LABELS } from '../../labels';
import { EmptyState, QueryState } from '../../shared/states';
import { SHEET_STATUSES, type SheetStatus, type SheetView, sheetPath, useSheets } from './fill-api';
import { StatusTag } from './SheetHeader';
import { TemplateButtons } from './TemplateButtons';

function formatUpdated(at: string | undefined): string {
  if (!at) return '—';
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false });
}

/** 填报: the sheets of my unit (the service scopes the list), by status and fiscal year. */
export function SheetsPage() {
  const navigate = useNavigate();
  const [status, setStatus] = useState<SheetStatus | undefined>();
  const [fiscalYear, setFiscalYear] = useState<number | undefined>();
  const query = useSheets({ status, fiscalYear });
  return (
    <>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16, flexWrap: 'wrap', gap: 8 }}>
        <Space orientation="vertical" size={0}>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {FILL.title}
          </Typography.Title>
          <Typography.Text type="secondary">{FILL.listHint}</Typography.Text>
        </Space>
        <Space wrap className="no-print">
          <Select
            aria-label={FILL.statusFilter}
            allowClear
            placeholder={FILL.allStatuses}
            style={{ width: 140 }}
            value={status}
            onChange={(v?: SheetStatus) => setStatus(v)}
            options={SHEET_STATUSES.map((s) => ({ value: s, label: SHEET_STATUS_LABELS[s] }))}
          />
          <InputNumber
            aria-label={FILL.yearFilter}
            placeholder={FILL.allYears}
            min={2000}
            max={2100}
            precision={0}
            style={{ width: 120 }}
            value={fiscalYear}
            onChange={(v) => setFiscalYear(typeof v === 'number' ? v : undefined)}
          />
          <Button type="primary" onClick={() => void navigate('/sheets/new')}>
            {FILL.newProject}
          </Button>
        </Space>
      </div>
      <TemplateButtons fiscalYear={fiscalYear} />
      {query.data ? (
        query.data.items.length === 0 ? (
          <EmptyState description={FILL.noSheets} />
        ) : (
          <Table<SheetView>
            size="small"
            rowKey="sheetId"
            aria-label={FILL.title}
            dataSource={query.data.items}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: FILL.projectName, key: 'name', render: (_, s) => <Link to={sheetPath(s.sheetId)}>{s.projectName || FILL.empty}</Link> },
              { title: FILL.totalWan, key: 'total', width: 120, align: 'right', render: (_, s) => s.funding.total },
              { title: FILL.statusFilter, key: 'status', width: 110, render: (_, s) => <StatusTag status={s.status} /> },
              { title: FILL.yearFilter, dataIndex: 'fiscalYear', width: 80 },
              { title: FILL.updated, key: 'updated', width: 170, render: (_, s) => formatUpdated(s.updatedAt) },
              { title: FILL.version, dataIndex: 'version', width: 70 },
            ]}
          />
        )
      ) : (
        <QueryState query={query} />
      )}
    </>
  );
}
