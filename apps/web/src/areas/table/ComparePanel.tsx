import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { TABLE } from '../../labels';
import { QueryState } from '../../shared/states';
import { DiffView } from './DiffView';
import { useTableDiff } from './table-api';
import { MomentPicker } from './TableToolbar';

/** 对比: two moments, then what changed between them. */
export function ComparePanel({ department, fiscalYear }: { department: string; fiscalYear: number }) {
  const [from, setFrom] = useState<string | undefined>();
  const [to, setTo] = useState<string | undefined>();
  const [asked, setAsked] = useState<{ from: string; to: string } | null>(null);
  const query = useTableDiff(asked ? { department, fiscalYear, ...asked } : null);
  return (
    <section aria-label={TABLE.compare}>
      <Typography.Paragraph type="secondary">{TABLE.compareHint}</Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <MomentPicker id="compare-from" label={TABLE.compareFrom} value={from} onChange={setFrom} />
        <MomentPicker id="compare-to" label={TABLE.compareTo} value={to} onChange={setTo} />
        <Button type="primary" disabled={!from || !to} onClick={() => from && to && setAsked({ from, to })}>
          {TABLE.compareRun}
        </Button>
      </Space>
      {asked && (query.data ? <DiffView diff={query.data} /> : <QueryState query={query} />)}
    </section>
  );
}
