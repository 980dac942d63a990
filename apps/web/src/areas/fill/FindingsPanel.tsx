import type { Finding } from '@budget/domain';
import { Card, Space, Table, Tag, Typography } from 'antd';
import { fieldPathLabel, FILL, FINDING_SEVERITY_LABELS } from '../../labels';
import { bySeverity, SEVERITY_COLORS } from './field-words';

/** 审核提示: what the rule catalogue says about the content as it stands in the editor. */
export function FindingsPanel({ findings, live = true }: { findings: readonly Finding[]; live?: boolean }) {
  const blocking = findings.filter((f) => f.severity === 'B').length;
  const warnings = findings.filter((f) => f.severity === 'W').length;
  return (
    <Card
      size="small"
      title={FILL.findingsTitle}
      role="region"
      aria-label={FILL.findingsTitle}
      extra={
        <Space size={4}>
          {blocking > 0 && <Tag color="red">{FILL.blockingCount(blocking)}</Tag>}
          {warnings > 0 && <Tag color="orange">{FILL.warningCount(warnings)}</Tag>}
        </Space>
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {live ? FILL.findingsHint : FILL.findingsHintSaved}
      </Typography.Paragraph>
      <Table<Finding>
        size="small"
        pagination={false}
        rowKey={(f) => `${f.ruleId}@${f.field}`}
        dataSource={bySeverity(findings)}
        locale={{ emptyText: FILL.noFindings }}
        data-testid="findings"
        columns={[
          { title: FILL.ruleId, dataIndex: 'ruleId', width: 60 },
          {
            title: FILL.severity,
            key: 'severity',
            width: 70,
            render: (_, f) => <Tag color={SEVERITY_COLORS[f.severity]}>{FINDING_SEVERITY_LABELS[f.severity]}</Tag>,
          },
          { title: FILL.field, key: 'field', width: 150, render: (_, f) => fieldPathLabel(f.field) },
          { title: FILL.message, dataIndex: 'message' },
        ]}
      />
    </Card>
  );
}
