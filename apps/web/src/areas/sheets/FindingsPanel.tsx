import { type Finding, findingKey } from '@budget/domain';
import { Card, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { FINDING_SEVERITY_LABELS, SHEETS } from '../../labels';
import { fieldLabel } from './field-label';

export const SEVERITY_COLORS = { B: 'red', W: 'orange', I: 'blue' } as const;

export function SeverityTag({ finding }: { finding: Pick<Finding, 'severity'> }) {
  return <Tag color={SEVERITY_COLORS[finding.severity]}>{FINDING_SEVERITY_LABELS[finding.severity]}</Tag>;
}

/** Every finding of the content being edited: rule, severity, field, message. */
export function FindingsPanel({ findings }: { findings: readonly Finding[] }) {
  const count = (s: Finding['severity']) => findings.filter((f) => f.severity === s).length;
  return (
    <Card
      size="small"
      title={SHEETS.findingsTitle}
      extra={<Typography.Text type="secondary">{SHEETS.findingsCount(count('B'), count('W'), count('I'))}</Typography.Text>}
      role="region"
      aria-label={SHEETS.findingsTitle}
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {SHEETS.findingsHint}
      </Typography.Paragraph>
      <Table<Finding>
        size="small"
        rowKey={(f) => findingKey(f)}
        pagination={false}
        dataSource={[...findings]}
        locale={{ emptyText: SHEETS.noFindings }}
        columns={[
          { title: SHEETS.ruleId, dataIndex: 'ruleId', width: 56 },
          { title: SHEETS.severity, key: 'severity', width: 64, render: (_, f) => <SeverityTag finding={f} /> },
          { title: SHEETS.field, key: 'field', width: 110, render: (_, f) => fieldLabel(f.field) },
          { title: SHEETS.message, dataIndex: 'message' },
        ]}
      />
    </Card>
  );
}

/** The findings about one field, shown next to it: rule id, severity and message. */
export function FieldFindings({ findings, compact }: { findings: readonly Finding[]; compact?: boolean }) {
  if (findings.length === 0) return null;
  return (
    <Space orientation="vertical" size={2} style={{ marginTop: 4 }}>
      {findings.map((f) => (
        <Tooltip key={findingKey(f)} title={compact ? f.message : undefined}>
          <span data-testid="field-finding">
            <Tag color={SEVERITY_COLORS[f.severity]}>
              {f.ruleId} {FINDING_SEVERITY_LABELS[f.severity]}
            </Tag>
            {compact ? <span className="sr-only" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>{f.message}</span> : <Typography.Text type="secondary">{f.message}</Typography.Text>}
          </span>
        </Tooltip>
      ))}
    </Space>
  );
}
