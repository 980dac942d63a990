import { Alert, Button, Card, Col, Descriptions, Popconfirm, Row, Table } from 'antd';
import { EXACT_TEXT } from '../../shared/FormModal';
import { useMemo } from 'react';
import { FILL, GRADE_LABELS, SHEET_STATUS_LABELS, UI } from '../../labels';
import { messageOf } from '../../shared/states';
import { CarryForwardButton } from './CarryForwardButton';
import { contentOf, type DraftIndicator, draftIndicatorOf } from './editor-state';
import type { SheetView } from './fill-api';
import { FindingsPanel } from './FindingsPanel';
import { SheetHeader } from './SheetHeader';
import { useFindings } from './useFindings';
import { useWithdraw } from './useEditor';

/** A sheet that cannot be edited now (submitted, under review, approved, rejected); 撤回 while only submitted, 结转 once approved. */
export function ReadOnlySheet({ sheet }: { sheet: SheetView }) {
  const content = useMemo(() => contentOf(sheet), [sheet]);
  const findings = useFindings(content, 0);
  const { withdraw, busy, error } = useWithdraw(sheet);
  const grade = sheet.review?.grade;
  return (
    <>
      <SheetHeader
        sheet={sheet}
        extra={
          sheet.status === 'submitted' ? (
            <Popconfirm title={FILL.withdrawConfirm} okText={UI.confirm} cancelText={UI.cancel} okButtonProps={EXACT_TEXT} cancelButtonProps={EXACT_TEXT} onConfirm={() => void withdraw()}>
              <Button loading={busy}>{FILL.withdraw}</Button>
            </Popconfirm>
          ) : (
            <CarryForwardButton sheet={sheet} />
          )
        }
      />
      <Alert type="info" showIcon title={FILL.readOnly(SHEET_STATUS_LABELS[sheet.status])} style={{ marginBottom: 16 }} />
      {error ? <Alert type="error" showIcon title={UI.actionFailed} description={messageOf(error)} style={{ marginBottom: 16 }} /> : null}
      {sheet.status === 'approved' && grade ? <Alert type="success" showIcon title={FILL.approvedGrade((GRADE_LABELS as Record<string, string>)[grade] ?? grade)} description={sheet.review?.conditions ? `${FILL.conditions}：${sheet.review.conditions}` : undefined} style={{ marginBottom: 16 }} /> : null}
      {sheet.status === 'rejected' && sheet.review?.reason ? <Alert type="warning" showIcon title={FILL.rejectedReason(sheet.review.reason)} style={{ marginBottom: 16 }} /> : null}
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={FILL.projectName}>{sheet.projectName}</Descriptions.Item>
            <Descriptions.Item label={FILL.fiscal}>{sheet.funding.fiscalAppropriation}</Descriptions.Item>
            <Descriptions.Item label={FILL.special}>{sheet.funding.specialAccountAppropriation}</Descriptions.Item>
            <Descriptions.Item label={FILL.other}>{sheet.funding.otherFunds}</Descriptions.Item>
            <Descriptions.Item label={FILL.total}>
              <strong>{sheet.funding.total}</strong> {FILL.wanSuffix}
            </Descriptions.Item>
            <Descriptions.Item label={FILL.goal}>{sheet.goal || FILL.empty}</Descriptions.Item>
          </Descriptions>
        </Col>
        <Col xs={24} xl={9}>
          <FindingsPanel findings={findings} live={false} />
        </Col>
      </Row>
      <Card size="small" title={FILL.indicators} style={{ marginTop: 16 }}>
        <Table<DraftIndicator>
          size="small"
          rowKey="indicatorId"
          pagination={false}
          aria-label={FILL.indicators}
          dataSource={sheet.indicators.map(draftIndicatorOf)}
          locale={{ emptyText: UI.empty }}
          columns={[
            { title: '#', key: 'n', width: 44, render: (_, _r, i) => i + 1 },
            { title: FILL.level1, dataIndex: 'level1', width: 130 },
            { title: FILL.level2, dataIndex: 'level2', width: 130 },
            { title: FILL.name, dataIndex: 'name' },
            { title: FILL.periodTarget, dataIndex: 'periodTarget' },
            { title: FILL.annualTarget, dataIndex: 'annualTarget' },
          ]}
        />
      </Card>
    </>
  );
}
