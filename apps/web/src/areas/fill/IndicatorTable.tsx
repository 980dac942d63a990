import type { Finding, RevisionReason } from '@budget/domain';
import { Button, Input, Select, Space, Table } from 'antd';
import { FILL, UI } from '../../labels';
import { type DraftIndicator, newIndicator } from './editor-state';
import { FieldMarks } from './FieldMarks';
import { at } from './field-words';
import { level1Options, level2Options } from './indicator-options';

type TextField = 'name' | 'periodTarget' | 'annualTarget';

interface Props {
  readonly rows: readonly DraftIndicator[];
  readonly onChange: (rows: DraftIndicator[]) => void;
  readonly findings?: readonly Finding[];
  readonly reasons?: readonly RevisionReason[];
}

function move<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  const [item] = out.splice(from, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}

/** The indicators: cascading 一级/二级 from the framework, free 三级 and targets, reorder and delete. */
export function IndicatorTable({ rows, onChange, findings = [], reasons = [] }: Props) {
  const update = (index: number, patch: Partial<DraftIndicator>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...patch } : r)));
  const marks = (index: number, field?: string) => {
    const path = field ? `indicators[${index}].${field}` : `indicators[${index}]`;
    return <FieldMarks findings={at(findings, path)} reasons={at(reasons, path)} />;
  };
  const text = (field: TextField, label: string) => ({
    title: label,
    key: field,
    render: (_: unknown, r: DraftIndicator, index: number) => (
      <>
        <Input aria-label={FILL.rowLabel(label, index + 1)} value={r[field]} onChange={(e) => update(index, { [field]: e.target.value })} />
        {marks(index, field)}
      </>
    ),
  });
  return (
    <>
      <Table<DraftIndicator>
        size="small"
        rowKey="indicatorId"
        pagination={false}
        aria-label={FILL.indicators}
        dataSource={[...rows]}
        locale={{ emptyText: FILL.noIndicators }}
        columns={[
          { title: '#', key: 'n', width: 44, render: (_, _r, index) => <>{index + 1}{marks(index)}</> },
          {
            title: FILL.level1,
            key: 'level1',
            width: 150,
            render: (_, r, index) => (
              <>
                <Select
                  aria-label={FILL.rowLabel(FILL.level1, index + 1)}
                  placeholder={FILL.chooseLevel1}
                  value={r.level1 || undefined}
                  options={level1Options(r.level1)}
                  onChange={(v: string) => update(index, { level1: v, level2: '' })}
                  style={{ width: '100%' }}
                />
                {marks(index, 'level1')}
              </>
            ),
          },
          {
            title: FILL.level2,
            key: 'level2',
            width: 160,
            render: (_, r, index) => (
              <>
                <Select
                  aria-label={FILL.rowLabel(FILL.level2, index + 1)}
                  placeholder={FILL.chooseLevel2}
                  value={r.level2 || undefined}
                  options={level2Options(r.level1, r.level2)}
                  onChange={(v: string) => update(index, { level2: v })}
                  style={{ width: '100%' }}
                />
                {marks(index, 'level2')}
              </>
            ),
          },
          text('name', FILL.name),
          text('periodTarget', FILL.periodTarget),
          text('annualTarget', FILL.annualTarget),
          {
            title: UI.actions,
            key: 'actions',
            width: 190,
            render: (_, _r, index) => (
              <Space size={4}>
                <Button size="small" aria-label={FILL.rowLabel(FILL.moveUp, index + 1)} disabled={index === 0} onClick={() => onChange(move(rows, index, index - 1))}>
                  {FILL.moveUp}
                </Button>
                <Button size="small" aria-label={FILL.rowLabel(FILL.moveDown, index + 1)} disabled={index === rows.length - 1} onClick={() => onChange(move(rows, index, index + 1))}>
                  {FILL.moveDown}
                </Button>
                <Button size="small" danger aria-label={FILL.rowLabel(FILL.remove, index + 1)} onClick={() => onChange(rows.filter((_x, i) => i !== index))}>
                  {FILL.remove}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Button style={{ marginTop: 8 }} onClick={() => onChange([...rows, newIndicator()])}>
        {FILL.addIndicator}
      </Button>
    </>
  );
}
