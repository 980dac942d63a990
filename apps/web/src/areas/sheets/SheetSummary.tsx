import { Alert, Descriptions, List, Table, Tag } from 'antd';
import { GRADE_LABELS, SHEET_FIELD_LABELS, SHEET_STATUS_LABELS, SHEETS } from '../../labels';
import { fieldLabel } from './field-label';
import type { SheetView } from './sheets-api';

/** What the reviewers said when they sent the sheet back (or decided it). */
export function ReviewNotice({ sheet }: { sheet: SheetView }) {
  const review = sheet.review;
  if (!review) return null;
  if (sheet.status === 'revision_requested') {
    const reasons = review.reasons ?? [];
    return (
      <Alert
        type="warning"
        showIcon
        title={`${SHEETS.revisionTitle}${review.round ? ` · ${SHEETS.revisionRound(review.round)}` : ''}`}
        description={
          <List
            size="small"
            dataSource={[...reasons.map((r) => `${r.field ? `${fieldLabel(r.field)}${r.ruleId ? ` · ${r.ruleId}` : ''}：` : r.ruleId ? `${r.ruleId}：` : ''}${r.message}`), ...(review.comments ? [`${SHEETS.revisionComments}：${review.comments}`] : [])]}
            renderItem={(text) => <List.Item>{text}</List.Item>}
          />
        }
      />
    );
  }
  if (sheet.status === 'approved' && review.grade) {
    const grade = GRADE_LABELS[review.grade as keyof typeof GRADE_LABELS] ?? review.grade;
    return <Alert type="success" showIcon title={SHEETS.approvedGrade(grade)} description={review.conditions ? `${SHEETS.conditions}：${review.conditions}` : undefined} />;
  }
  if (sheet.status === 'rejected') return <Alert type="error" showIcon title={SHEETS.rejectedReason} description={review.reason} />;
  return null;
}

/** The sheet as it stands, for statuses that cannot be edited. */
export function SheetSummary({ sheet }: { sheet: SheetView }) {
  return (
    <>
      <Descriptions bordered size="small" column={4}>
        <Descriptions.Item label={SHEET_FIELD_LABELS.projectName} span={3}>
          {sheet.projectName}
        </Descriptions.Item>
        <Descriptions.Item label={SHEETS.colStatus}>
          <Tag>{SHEET_STATUS_LABELS[sheet.status]}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={SHEET_FIELD_LABELS.fiscalAppropriation}>{sheet.funding.fiscalAppropriation}</Descriptions.Item>
        <Descriptions.Item label={SHEET_FIELD_LABELS.specialAccountAppropriation}>{sheet.funding.specialAccountAppropriation}</Descriptions.Item>
        <Descriptions.Item label={SHEET_FIELD_LABELS.otherFunds}>{sheet.funding.otherFunds}</Descriptions.Item>
        <Descriptions.Item label={`${SHEETS.total}（${SHEETS.wanYuan}）`}>{sheet.funding.total}</Descriptions.Item>
        <Descriptions.Item label={SHEET_FIELD_LABELS.goal} span={4}>
          <div style={{ whiteSpace: 'pre-wrap' }}>{sheet.goal || SHEETS.empty}</div>
        </Descriptions.Item>
        {sheet.waiverRequests.length > 0 && (
          <Descriptions.Item label={SHEETS.waiverRequests} span={4}>
            {sheet.waiverRequests.map((w) => (
              <div key={`${w.ruleId}@${w.field ?? ''}`}>
                {w.ruleId}
                {w.field ? ` · ${fieldLabel(w.field)}` : ''}：{w.reason}
              </div>
            ))}
          </Descriptions.Item>
        )}
      </Descriptions>
      <Table
        style={{ marginTop: 16 }}
        size="small"
        rowKey="indicatorId"
        pagination={false}
        dataSource={[...sheet.indicators]}
        locale={{ emptyText: SHEETS.noIndicators }}
        columns={[
          { title: SHEETS.rowNo, key: 'n', width: 48, render: (_, __, i) => i + 1 },
          { title: SHEET_FIELD_LABELS.level1, dataIndex: 'level1', width: 120 },
          { title: SHEET_FIELD_LABELS.level2, dataIndex: 'level2', width: 130 },
          { title: SHEET_FIELD_LABELS.name, dataIndex: 'name' },
          { title: SHEET_FIELD_LABELS.periodTarget, key: 'p', render: (_, i) => i.periodTarget.text },
          { title: SHEET_FIELD_LABELS.annualTarget, key: 'a', render: (_, i) => i.annualTarget.text },
        ]}
      />
    </>
  );
}
