import { Space, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { FILL, SHEET_STATUS_LABELS } from '../../labels';
import { type SheetView, sheetPath } from './fill-api';

export const STATUS_COLORS: Readonly<Record<SheetView['status'], string>> = {
  draft: 'default',
  submitted: 'processing',
  under_review: 'processing',
  revision_requested: 'error',
  approved: 'success',
  rejected: 'warning',
};

export function StatusTag({ status, testId }: { status: SheetView['status']; testId?: string }) {
  return (
    <Tag color={STATUS_COLORS[status]} data-testid={testId}>
      {SHEET_STATUS_LABELS[status]}
    </Tag>
  );
}

/** Name, year, status, where a carried-forward draft came from, and the actions of the sheet. */
export function SheetHeader({ sheet, extra }: { sheet: SheetView; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 16, gap: 16, flexWrap: 'wrap' }}>
      <Space orientation="vertical" size={0}>
        <Link to="/sheets" className="no-print">
          {FILL.backToList}
        </Link>
        <Space align="center">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {sheet.projectName || FILL.empty}
          </Typography.Title>
          <StatusTag status={sheet.status} testId="sheet-status" />
          <Typography.Text type="secondary">
            {sheet.fiscalYear} {FILL.yearFilter} · {FILL.version} {sheet.version}
          </Typography.Text>
          {sheet.origin ? <Link to={sheetPath(sheet.origin.sheetId)}>{FILL.carriedFrom(sheet.origin.fiscalYear)}</Link> : null}
        </Space>
      </Space>
      <div className="no-print">{extra}</div>
    </div>
  );
}
