import type { ReviewFinding } from '@budget/domain';
import { Space, Table, Tag, Typography } from 'antd';
import { FINDING_SEVERITY_LABELS, REVIEW, SIGN_OFF_LEVEL_NAMES, WAIVER_STATUS_LABELS } from '../../labels';
import { fieldPathLabel } from '../../labels';

const SEVERITY_COLORS = { B: 'red', W: 'orange', I: 'blue' } as const;
const WAIVER_COLORS: Record<string, string> = { not_requested: 'default', requested: 'processing', granted: 'success', refused: 'error' };

function WaiverCell({ finding }: { finding: ReviewFinding }) {
  const waiver = finding.waiver;
  if (!waiver) return null;
  return (
    <Space orientation="vertical" size={2}>
      <Tag color={WAIVER_COLORS[waiver.status]}>{WAIVER_STATUS_LABELS[waiver.status]}</Tag>
      {'request' in waiver && (
        <Typography.Text type="secondary">
          {REVIEW.waiverRequestReason}：{waiver.request.reason}
        </Typography.Text>
      )}
      {'decision' in waiver && (
        <Typography.Text type="secondary">
          {REVIEW.waiverDecisionReason}（{SIGN_OFF_LEVEL_NAMES[waiver.decision.level]}）：{waiver.decision.reason}
        </Typography.Text>
      )}
    </Space>
  );
}

function AcknowledgementCell({ finding }: { finding: ReviewFinding }) {
  if (finding.severity !== 'W') return null;
  if (finding.acknowledgements.length === 0) return <Tag>{REVIEW.notAcknowledged}</Tag>;
  return <Tag color="success">{REVIEW.acknowledgedBy(finding.acknowledgements.map((a) => SIGN_OFF_LEVEL_NAMES[a.level]).join('、'))}</Tag>;
}

/** The findings the rules recorded for this submission, with their waiver and acknowledgement state. */
export function FindingsTable({ findings }: { findings: readonly ReviewFinding[] }) {
  return (
    <Table<ReviewFinding>
      size="small"
      rowKey="key"
      pagination={false}
      aria-label={REVIEW.findings}
      dataSource={[...findings]}
      locale={{ emptyText: REVIEW.noFindings }}
      columns={[
        { title: REVIEW.ruleId, dataIndex: 'ruleId', width: 64 },
        {
          title: REVIEW.severity,
          key: 'severity',
          width: 72,
          render: (_, f) => <Tag color={SEVERITY_COLORS[f.severity]}>{FINDING_SEVERITY_LABELS[f.severity]}</Tag>,
        },
        { title: REVIEW.field, key: 'field', width: 170, render: (_, f) => fieldPathLabel(f.field) },
        { title: REVIEW.message, dataIndex: 'message' },
        { title: REVIEW.waiver, key: 'waiver', width: 240, render: (_, f) => <WaiverCell finding={f} /> },
        { title: REVIEW.acknowledged, key: 'ack', width: 170, render: (_, f) => <AcknowledgementCell finding={f} /> },
      ]}
    />
  );
}
