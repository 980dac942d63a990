import { type Finding, findLevel1, formatLevelLabel, level2BelongsToLevel1, LEVEL1_INDICATORS, LEVEL2_INDICATORS } from '@budget/domain';
import { Button, Input, Select, Space, Table } from 'antd';
import { SHEET_FIELD_LABELS, SHEETS, UI } from '../../labels';
import { type DraftIndicator, emptyIndicator, type TextField } from './editor-model';
import { findingsAt } from './field-label';
import { FieldFindings } from './FindingsPanel';

const LEVEL1_OPTIONS = LEVEL1_INDICATORS.map((l) => ({ value: formatLevelLabel(l), label: formatLevelLabel(l) }));

/** The 二级指标 under a 一级指标 (none until the 一级 is chosen). */
export function level2Options(level1: string): { value: string; label: string }[] {
  const parent = findLevel1(level1);
  if (!parent) return [];
  return LEVEL2_INDICATORS.filter((l) => l.level1Code === parent.code).map((l) => ({ value: formatLevelLabel(l), label: formatLevelLabel(l) }));
}

/** Choosing another 一级指标 clears a 二级指标 that does not belong under it. */
export function withLevel1(row: DraftIndicator, level1: string): DraftIndicator {
  return { ...row, level1, level2: level2BelongsToLevel1(row.level2, level1) ? row.level2 : '' };
}

export function move<T>(list: readonly T[], from: number, to: number): T[] {
  if (to < 0 || to >= list.length) return [...list];
  const out = [...list];
  const [item] = out.splice(from, 1);
  if (item !== undefined) out.splice(to, 0, item);
  return out;
}

interface Props {
  readonly indicators: readonly DraftIndicator[];
  readonly onChange: (next: DraftIndicator[]) => void;
  readonly findings: readonly Finding[];
  readonly disabled?: boolean;
}

/** 绩效指标: cascading 一级/二级 from the framework, free 三级 and targets, reorder and delete per row. */
export function IndicatorTable({ indicators, onChange, findings, disabled }: Props) {
  const update = (index: number, row: DraftIndicator) => onChange(indicators.map((r, i) => (i === index ? row : r)));
  const text = (field: TextField, width?: number) => ({
    title: SHEET_FIELD_LABELS[field],
    key: field,
    width,
    render: (_: unknown, row: DraftIndicator, index: number) => (
      <Input.TextArea
        autoSize={{ minRows: 1, maxRows: 4 }}
        aria-label={SHEETS.rowLabel(SHEET_FIELD_LABELS[field], index + 1)}
        value={row[field]}
        disabled={disabled}
        onChange={(e) => update(index, { ...row, [field]: e.target.value })}
      />
    ),
  });
  return (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Table<DraftIndicator>
        size="small"
        rowKey="indicatorId"
        pagination={false}
        dataSource={[...indicators]}
        locale={{ emptyText: SHEETS.noIndicators }}
        columns={[
          { title: SHEETS.rowNo, key: 'n', width: 48, render: (_, __, i) => i + 1 },
          {
            title: SHEET_FIELD_LABELS.level1,
            key: 'level1',
            width: 150,
            render: (_, row, i) => (
              <Select
                aria-label={SHEETS.rowLabel(SHEET_FIELD_LABELS.level1, i + 1)}
                style={{ width: '100%' }}
                placeholder={SHEETS.choose}
                value={row.level1 || undefined}
                options={LEVEL1_OPTIONS}
                disabled={disabled}
                onChange={(value: string) => update(i, withLevel1(row, value))}
              />
            ),
          },
          {
            title: SHEET_FIELD_LABELS.level2,
            key: 'level2',
            width: 160,
            render: (_, row, i) => (
              <Select
                aria-label={SHEETS.rowLabel(SHEET_FIELD_LABELS.level2, i + 1)}
                style={{ width: '100%' }}
                placeholder={SHEETS.choose}
                value={row.level2 || undefined}
                options={level2Options(row.level1)}
                disabled={disabled || !findLevel1(row.level1)}
                onChange={(value: string) => update(i, { ...row, level2: value })}
              />
            ),
          },
          text('name'),
          text('periodTarget', 150),
          text('annualTarget', 150),
          { title: SHEETS.checks, key: 'checks', width: 90, render: (_, __, i) => <FieldFindings compact findings={findingsAt(findings, `indicators[${i}]`)} /> },
          {
            title: UI.actions,
            key: 'actions',
            width: 170,
            render: (_, row, i) =>
              disabled ? null : (
                <Space size={0}>
                  <Button type="link" size="small" disabled={i === 0} aria-label={SHEETS.rowLabel(SHEETS.moveUp, i + 1)} onClick={() => onChange(move(indicators, i, i - 1))}>
                    {SHEETS.moveUp}
                  </Button>
                  <Button type="link" size="small" disabled={i === indicators.length - 1} aria-label={SHEETS.rowLabel(SHEETS.moveDown, i + 1)} onClick={() => onChange(move(indicators, i, i + 1))}>
                    {SHEETS.moveDown}
                  </Button>
                  <Button type="link" size="small" danger aria-label={SHEETS.rowLabel(SHEETS.remove, i + 1)} onClick={() => onChange(indicators.filter((r) => r !== row))}>
                    {SHEETS.remove}
                  </Button>
                </Space>
              ),
          },
        ]}
      />
      {!disabled && (
        <Button onClick={() => onChange([...indicators, emptyIndicator()])}>{SHEETS.addIndicator}</Button>
      )}
    </Space>
  );
}
