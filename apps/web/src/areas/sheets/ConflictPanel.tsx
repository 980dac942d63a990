import { diffSheetContent, type SheetIndicator } from '@budget/domain';
import { Alert, Button, Space, Table } from 'antd';
import { SHEET_FIELD_LABELS, SHEET_STATUS_LABELS, SHEETS } from '../../labels';
import { contentOfView } from './editor-model';
import { fieldLabel } from './field-label';
import type { SheetView } from './sheets-api';

export interface ConflictRow {
  readonly key: string;
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

const valueText = (i: SheetIndicator, f: keyof Omit<SheetIndicator, 'indicatorId'>): string => {
  const v = i[f];
  return typeof v === 'string' ? v : v.text;
};

const summary = (i: SheetIndicator) => [i.level1, i.level2, i.name, i.annualTarget.text].filter(Boolean).join(' / ');

/** What changed on the server between the version the clerk opened and the current one, field by field. */
export function conflictRows(opened: SheetView, current: SheetView): ConflictRow[] {
  const rows: ConflictRow[] = [];
  if (opened.status !== current.status) rows.push({ key: 'status', field: SHEETS.colStatus, before: SHEET_STATUS_LABELS[opened.status], after: SHEET_STATUS_LABELS[current.status] });
  const diff = diffSheetContent(contentOfView(opened), contentOfView(current));
  for (const field of diff.fields) {
    const read = (v: SheetView) => (field.startsWith('funding.') ? v.funding[field.slice('funding.'.length) as 'otherFunds'] : field === 'goal' ? v.goal : v.projectName);
    rows.push({ key: field, field: fieldLabel(field), before: read(opened), after: read(current) });
  }
  const index = new Map(current.indicators.map((i, n) => [i.indicatorId, n]));
  const old = new Map(opened.indicators.map((i) => [i.indicatorId, i]));
  for (const { indicatorId, fields } of diff.indicatorsChanged) {
    const now = current.indicators.find((i) => i.indicatorId === indicatorId);
    const then = old.get(indicatorId);
    if (!now || !then) continue;
    for (const f of fields) rows.push({ key: `${indicatorId}.${f}`, field: fieldLabel(`indicators[${index.get(indicatorId) ?? 0}].${f}`), before: valueText(then, f), after: valueText(now, f) });
  }
  for (const id of diff.indicatorsAdded) {
    const now = current.indicators.find((i) => i.indicatorId === id);
    if (now) rows.push({ key: `added-${id}`, field: `${SHEET_FIELD_LABELS.indicators}${SHEETS.added}`, before: '', after: summary(now) });
  }
  for (const id of diff.indicatorsRemoved) {
    const then = old.get(id);
    if (then) rows.push({ key: `removed-${id}`, field: `${SHEET_FIELD_LABELS.indicators}${SHEETS.removed}`, before: summary(then), after: '' });
  }
  if (diff.indicatorsReordered) rows.push({ key: 'order', field: SHEETS.reordered, before: '', after: '' });
  return rows;
}

interface Props {
  readonly opened: SheetView;
  readonly current: SheetView;
  readonly onReload: () => void;
  readonly onDiscard: () => void;
}

/** A 409 from 保存: what changed meanwhile, then reload keeping the clerk's edits, or drop them. */
export function ConflictPanel({ opened, current, onReload, onDiscard }: Props) {
  const rows = conflictRows(opened, current);
  return (
    <Alert
      type="warning"
      showIcon
      role="alert"
      title={SHEETS.conflictTitle}
      description={
        <Space orientation="vertical" style={{ width: '100%' }}>
          <span>{SHEETS.conflictHint(opened.version, current.version)}</span>
          <Table<ConflictRow>
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={rows}
            locale={{ emptyText: SHEETS.conflictNone }}
            aria-label={SHEETS.conflictTitle}
            columns={[
              { title: SHEETS.conflictField, dataIndex: 'field', width: 220 },
              { title: SHEETS.conflictOpened, dataIndex: 'before', render: (v: string) => v || SHEETS.empty },
              { title: SHEETS.conflictCurrent, dataIndex: 'after', render: (v: string) => <mark>{v || SHEETS.empty}</mark> },
            ]}
          />
          <Space>
            <Button type="primary" title={SHEETS.reloadHint} onClick={onReload}>
              {SHEETS.reload}
            </Button>
            <Button onClick={onDiscard}>{SHEETS.discard}</Button>
          </Space>
        </Space>
      }
    />
  );
}
