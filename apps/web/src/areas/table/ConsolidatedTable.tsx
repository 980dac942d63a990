import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { TABLE } from '../../labels';
import type { ReportTableView } from './table-api';
import { tableRows, type TableRow } from './table-rows';

/** From this many rows on only the visible rows are rendered (a city department has 1,000+). */
export const VIRTUAL_FROM = 200;

function strong(row: TableRow, text: string) {
  return row.kind === 'project' ? text : <strong>{text}</strong>;
}

function amountColumn(title: string, key: 'total' | 'fiscal' | 'special' | 'other') {
  return {
    title,
    dataIndex: key,
    key,
    width: 96,
    align: 'right' as const,
    render: (text: string, row: TableRow) =>
      row.kind === 'total' && key === 'total' ? (
        <strong data-testid="grand-total">{text}</strong>
      ) : (
        strong(row, text)
      ),
  };
}

const COLUMNS: ColumnsType<TableRow> = [
  {
    title: TABLE.colName,
    dataIndex: 'name',
    key: 'name',
    width: 220,
    fixed: 'left',
    render: (text: string, row) => (row.kind === 'project' ? <span style={{ paddingLeft: 12 }}>{text}</span> : <strong>{text}</strong>),
  },
  amountColumn(TABLE.colTotal, 'total'),
  amountColumn(TABLE.colFiscal, 'fiscal'),
  amountColumn(TABLE.colSpecial, 'special'),
  amountColumn(TABLE.colOther, 'other'),
  { title: TABLE.colGoal, dataIndex: 'goal', key: 'goal', width: 260 },
  { title: TABLE.colIndicators, dataIndex: 'indicators', key: 'indicators', width: 410 },
];

/** The consolidated table in the published layout: 合计, unit rows in bold, each followed by its projects. */
export function ConsolidatedTable({ table }: { table: ReportTableView }) {
  const rows = useMemo(() => tableRows(table, TABLE.grandTotal), [table]);
  const virtual = rows.length >= VIRTUAL_FROM;
  return (
    <section aria-label={table.title}>
      <Typography.Title level={4} style={{ textAlign: 'center', marginBottom: 4 }}>
        {table.title}
      </Typography.Title>
      <Typography.Paragraph style={{ marginBottom: 8 }}>
        {TABLE.heading(table.departmentName, table.fiscalYear, table.displayUnit)}
      </Typography.Paragraph>
      <Table<TableRow>
        className="consolidated-table"
        size="small"
        bordered
        rowKey="key"
        columns={COLUMNS}
        dataSource={rows}
        pagination={false}
        virtual={virtual}
        scroll={virtual ? { x: 1280, y: 560 } : { x: 1280 }}
        rowClassName={(row) => `row-${row.kind}`}
        onRow={(row) => ({ 'data-kind': row.kind }) as React.HTMLAttributes<HTMLElement>}
      />
    </section>
  );
}
