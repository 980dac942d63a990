import { formatWanYuan, fundingTotal, type SheetContent, type SheetIndicator } from '@budget/domain';
import { Descriptions, Table, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { REVIEW, SHEET_FIELD_LABELS, UI } from '../../labels';

export const CHANGED_STYLE = { background: '#fff7cc', outline: '1px solid #f0c000', padding: '0 4px' } as const;

/** A value marked as changed since the previous round (highlighted, with a tag that says so). */
export function Changed({ changed, children }: { changed: boolean; children: ReactNode }) {
  if (!changed) return <>{children}</>;
  return (
    <span data-changed="true" style={CHANGED_STYLE}>
      {children} <Tag color="gold">{REVIEW.changed}</Tag>
    </span>
  );
}

interface Props {
  readonly content: SheetContent;
  readonly changedFields: ReadonlySet<string>;
  readonly changedIndicators: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The sheet as submitted: project, amounts in 万元, goal and the indicator table. */
export function SubmittedSheet({ content, changedFields, changedIndicators }: Props) {
  const money = (field: 'fiscalAppropriation' | 'specialAccountAppropriation' | 'otherFunds') => (
    <Changed changed={changedFields.has(`funding.${field}`)}>{formatWanYuan(content.funding[field])}</Changed>
  );
  const cell = (field: keyof typeof INDICATOR_TEXT) => (_: unknown, row: SheetIndicator) => (
    <Changed changed={changedIndicators.get(row.indicatorId)?.has(field) ?? false}>{INDICATOR_TEXT[field](row)}</Changed>
  );
  return (
    <>
      <Descriptions bordered size="small" column={3} extra={<Typography.Text type="secondary">{UI.unitTotalHint}</Typography.Text>}>
        <Descriptions.Item label={SHEET_FIELD_LABELS.projectName} span={3}>
          <Changed changed={changedFields.has('projectName')}>{content.projectName}</Changed>
        </Descriptions.Item>
        <Descriptions.Item label={SHEET_FIELD_LABELS.fiscalAppropriation}>{money('fiscalAppropriation')}</Descriptions.Item>
        <Descriptions.Item label={SHEET_FIELD_LABELS.specialAccountAppropriation}>{money('specialAccountAppropriation')}</Descriptions.Item>
        <Descriptions.Item label={SHEET_FIELD_LABELS.otherFunds}>{money('otherFunds')}</Descriptions.Item>
        <Descriptions.Item label={SHEET_FIELD_LABELS.total} span={3}>
          <strong data-testid="review-total">{formatWanYuan(fundingTotal(content.funding))}</strong>
        </Descriptions.Item>
        <Descriptions.Item label={SHEET_FIELD_LABELS.goal} span={3}>
          <Changed changed={changedFields.has('goal')}>
            <span data-testid="review-goal" style={{ whiteSpace: 'pre-wrap' }}>
              {content.goal || REVIEW.noGoal}
            </span>
          </Changed>
        </Descriptions.Item>
      </Descriptions>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {REVIEW.indicators}
      </Typography.Title>
      <Table<SheetIndicator>
        size="small"
        rowKey="indicatorId"
        pagination={false}
        dataSource={[...content.indicators]}
        locale={{ emptyText: REVIEW.noIndicators }}
        aria-label={REVIEW.indicators}
        columns={[
          { title: '#', key: 'n', width: 48, render: (_, __, i) => i + 1 },
          { title: SHEET_FIELD_LABELS.level1, key: 'level1', width: 130, render: cell('level1') },
          { title: SHEET_FIELD_LABELS.level2, key: 'level2', width: 150, render: cell('level2') },
          { title: SHEET_FIELD_LABELS.name, key: 'name', render: cell('name') },
          { title: SHEET_FIELD_LABELS.periodTarget, key: 'periodTarget', width: 170, render: cell('periodTarget') },
          { title: SHEET_FIELD_LABELS.annualTarget, key: 'annualTarget', width: 170, render: cell('annualTarget') },
        ]}
      />
    </>
  );
}

const INDICATOR_TEXT = {
  level1: (i: SheetIndicator) => i.level1,
  level2: (i: SheetIndicator) => i.level2,
  name: (i: SheetIndicator) => i.name,
  periodTarget: (i: SheetIndicator) => i.periodTarget.text,
  annualTarget: (i: SheetIndicator) => i.annualTarget.text,
};
