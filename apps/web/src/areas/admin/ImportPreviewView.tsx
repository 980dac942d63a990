import { Alert, Descriptions, Table } from 'antd';
import type { TableIssue } from '@budget/domain';
import { ADMIN } from '../../labels';
import type { ImportPreview } from './import-preview';

const ISSUE_COLUMNS = [
  { title: ADMIN.issueLine, dataIndex: 'line', key: 'line', width: 60 },
  { title: ADMIN.issueCode, dataIndex: 'code', key: 'code', width: 80 },
  { title: ADMIN.issueMessage, dataIndex: 'message', key: 'message' },
  { title: ADMIN.issueExpected, dataIndex: 'expected', key: 'expected', width: 120 },
  { title: ADMIN.issueActual, dataIndex: 'actual', key: 'actual', width: 120 },
];

/** What the browser read from the file: department, units, projects, totals, and the parser's issues. */
export function ImportPreviewView({ preview }: { preview: ImportPreview }) {
  return (
    <section aria-label={ADMIN.preview}>
      <Descriptions size="small" bordered column={3} title={ADMIN.preview}>
        <Descriptions.Item label={ADMIN.departmentName} span={3}>
          {preview.departmentName}
        </Descriptions.Item>
        <Descriptions.Item label={ADMIN.units}>{preview.units.length}</Descriptions.Item>
        <Descriptions.Item label={ADMIN.projects}>{preview.projects}</Descriptions.Item>
        <Descriptions.Item label={ADMIN.indicators}>{preview.indicators}</Descriptions.Item>
        <Descriptions.Item label={ADMIN.grandTotal} span={3}>
          <strong data-testid="import-grand-total">{preview.grandTotal}</strong>
        </Descriptions.Item>
      </Descriptions>
      <Table
        style={{ marginTop: 12 }}
        size="small"
        rowKey="line"
        pagination={false}
        dataSource={preview.units}
        columns={[
          { title: ADMIN.unitName, dataIndex: 'name', key: 'name' },
          { title: ADMIN.projectCount, dataIndex: 'projects', key: 'projects', width: 100 },
          { title: ADMIN.unitTotal, dataIndex: 'total', key: 'total', width: 140, align: 'right' },
        ]}
      />
      <div style={{ marginTop: 12 }} aria-label={ADMIN.issues} role="region">
        {preview.issues.length === 0 ? (
          <Alert type="success" showIcon title={`${ADMIN.issues}：${ADMIN.noIssues}`} />
        ) : (
          <>
            <Alert type="warning" showIcon title={`${ADMIN.issues}：${preview.issues.length}`} style={{ marginBottom: 8 }} />
            <Table<TableIssue> size="small" rowKey={(r) => `${r.line ?? ''}-${r.code}-${r.message}`} pagination={false} dataSource={[...preview.issues]} columns={ISSUE_COLUMNS} />
          </>
        )}
      </div>
    </section>
  );
}
