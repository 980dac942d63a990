import type { Finding, RevisionReason } from '@budget/domain';
import { Space, Tag, Typography } from 'antd';
import { FILL, FINDING_SEVERITY_LABELS } from '../../labels';
import { SEVERITY_COLORS } from './field-words';

interface Props {
  readonly findings: readonly Finding[];
  readonly reasons?: readonly RevisionReason[];
}

/** The findings and reviewers' comments of one field, shown right under it. */
export function FieldMarks({ findings, reasons = [] }: Props) {
  if (findings.length === 0 && reasons.length === 0) return null;
  return (
    <Space orientation="vertical" size={0} style={{ display: 'flex', marginTop: 4 }} className="field-marks">
      {findings.map((f, i) => (
        <Typography.Text key={`${f.ruleId}-${i}`} style={{ fontSize: 12 }} data-testid={`field-finding-${f.ruleId}`}>
          <Tag color={SEVERITY_COLORS[f.severity]} style={{ marginInlineEnd: 4 }}>
            {f.ruleId} {FINDING_SEVERITY_LABELS[f.severity]}
          </Tag>
          {f.message}
        </Typography.Text>
      ))}
      {reasons.map((r, i) => (
        <Typography.Text key={`reason-${i}`} type="danger" style={{ fontSize: 12 }}>
          {FILL.reviewerComment}
          {r.ruleId ? ` ${r.ruleId}` : ''}：{r.message}
        </Typography.Text>
      ))}
    </Space>
  );
}
