import { Alert, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo } from 'react';
import { TABLE } from '../../labels';
import { ChangeValue } from './ChangeValue';
import { diffRows, type DiffKind, type DiffRow } from './diff-rows';
import type { TableDiffView } from './table-api';
import { formatBeijing } from './time';

const KIND: Record<DiffKind, { color: string; label: string; background: string }> = {
  added: { color: 'green', label: TABLE.added, background: '#f6ffed' },
  removed: { color: 'red', label: TABLE.removed, background: '#fff1f0' },
  changed: { color: 'gold', label: TABLE.changed, background: '#fffbe6' },
};

const COLUMNS: ColumnsType<DiffRow> = [
  { title: TABLE.changed, dataIndex: 'kind', key: 'kind', width: 72, render: (k: DiffKind) => <Tag color={KIND[k].color}>{KIND[k].label}</Tag> },
  { title: TABLE.unitName, dataIndex: 'unit', key: 'unit', width: 200 },
  { title: TABLE.colName, dataIndex: 'project', key: 'project', width: 220 },
  { title: TABLE.field, dataIndex: 'field', key: 'field', width: 160 },
  { title: `${TABLE.before} → ${TABLE.after}`, key: 'values', render: (_: unknown, r) => <ChangeValue before={r.before} after={r.after} /> },
];

/** What changed between two moments: units and projects added or removed, fields old → new, highlighted. */
export function DiffView({ diff }: { diff: TableDiffView }) {
  const rows = useMemo(() => diffRows(diff), [diff]);
  const counts = (['added', 'removed', 'changed'] as const).map((k) => [k, rows.filter((r) => r.kind === k).length] as const);
  return (
    <section aria-label={TABLE.compare}>
      <Typography.Paragraph>
        {TABLE.diffRange(formatBeijing(diff.from.asOf?.recordedAt) || TABLE.none, formatBeijing(diff.to.asOf?.recordedAt) || TABLE.none)}
      </Typography.Paragraph>
      {diff.identical ? (
        <Alert type="info" showIcon title={TABLE.identical} />
      ) : (
        <>
          <Space style={{ marginBottom: 8 }}>
            {counts.map(([k, n]) => (
              <Tag key={k} color={KIND[k].color}>
                {KIND[k].label} {n}
              </Tag>
            ))}
          </Space>
          <Table<DiffRow>
            size="small"
            rowKey="key"
            columns={COLUMNS}
            dataSource={rows}
            pagination={rows.length > 50 ? { pageSize: 50 } : false}
            onRow={(r) => ({ style: { background: KIND[r.kind].background } })}
          />
        </>
      )}
    </section>
  );
}
