import { ArrowLeftOutlined } from '@ant-design/icons';
import { Card, Descriptions, Space, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { AUDIT, SHEET_STATUS_LABELS, TABLE, UI } from '../../labels';
import { EmptyState, QueryState } from '../../shared/states';
import { useSheetHistory } from './audit-api';
import { HistoryTimeline } from './HistoryTimeline';
import { VerifyChains } from './VerifyChains';

/** One sheet's 变更记录 as a timeline, and the hash-chain check. */
export function SheetHistoryPage() {
  const { sheetId } = useParams();
  const history = useSheetHistory(sheetId);
  if (!history.data) return <QueryState query={history} />;
  const h = history.data;
  const status = (SHEET_STATUS_LABELS as Record<string, string>)[h.status] ?? h.status;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Link to={`/audit?department=${h.departmentId}&fiscalYear=${h.fiscalYear}`}>
        <ArrowLeftOutlined /> {AUDIT.back}
      </Link>
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {h.projectName}
        </Typography.Title>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={UI.department}>{h.departmentName ?? h.departmentId}</Descriptions.Item>
          <Descriptions.Item label={UI.fiscalYear}>{h.fiscalYear}</Descriptions.Item>
          <Descriptions.Item label={UI.status}>{status}</Descriptions.Item>
        </Descriptions>
        <Link to={`/table?department=${h.departmentId}&fiscalYear=${h.fiscalYear}`}>{TABLE.title}</Link>
      </Card>
      <Card size="small" title={`${AUDIT.history}（${AUDIT.eventsCount(h.entries.length)}）`}>
        <section aria-label={AUDIT.history}>{h.entries.length === 0 ? <EmptyState /> : <HistoryTimeline entries={h.entries} />}</section>
      </Card>
      <VerifyChains />
    </Space>
  );
}
