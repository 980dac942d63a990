import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Form, InputNumber, Result, Space, Table, Upload } from 'antd';
import { useState } from 'react';
import { ADMIN } from '../../labels';
import { ErrorState } from '../../shared/states';
import { useImportTable, type ImportSummary } from './admin-api';
import { previewImport, type ImportPreview } from './import-preview';
import { ImportPreviewView } from './ImportPreviewView';

function ImportResult({ summary }: { summary: ImportSummary }) {
  return (
    <Result
      status="success"
      title={ADMIN.imported}
      subTitle={ADMIN.importSummary(summary.projects.read, summary.projects.created, summary.projects.alreadyPresent)}
      extra={
        <div style={{ textAlign: 'left' }}>
          <Descriptions size="small" column={2}>
            <Descriptions.Item label={ADMIN.departmentName}>{summary.department.name}</Descriptions.Item>
            <Descriptions.Item label={ADMIN.grandTotal}>{summary.grandTotal}</Descriptions.Item>
          </Descriptions>
          <Table
            size="small"
            rowKey="sheetId"
            pagination={false}
            dataSource={[...summary.sheets]}
            columns={[
              { title: ADMIN.unitName, dataIndex: 'unit', key: 'unit' },
              { title: ADMIN.projects, dataIndex: 'projectName', key: 'projectName' },
              { title: ADMIN.unitTotal, dataIndex: 'total', key: 'total', align: 'right' },
              { title: ADMIN.outcome, dataIndex: 'outcome', key: 'outcome', render: (o: string) => ADMIN.outcomes[o] ?? o },
            ]}
          />
          {summary.issues.length > 0 && (
            <Alert type="warning" style={{ marginTop: 8 }} title={ADMIN.serviceIssues} description={summary.issues.map((i) => `${i.line ?? ''} ${i.code} ${i.message}`).join('\n')} />
          )}
        </div>
      }
    />
  );
}

/** 导入: read the file in the browser, show what it holds and its issues, then 确认导入. */
export function ImportTab() {
  const [text, setText] = useState<string | null>(null);
  const [fileName, setFileName] = useState<string>('');
  const [fiscalYear, setFiscalYear] = useState<number>(new Date().getFullYear());
  const importTable = useImportTable();
  const parsed: { ok: true; preview: ImportPreview } | { ok: false; message: string } | null = text === null ? null : previewImport(text);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form layout="inline">
        <Form.Item label={ADMIN.fiscalYear} htmlFor="import-year">
          <InputNumber id="import-year" min={2000} max={2100} value={fiscalYear} onChange={(v) => v !== null && setFiscalYear(v)} />
        </Form.Item>
      </Form>
      <Upload.Dragger
        accept=".txt,text/plain"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(file) => {
          void file.text().then((t) => {
            setText(t);
            setFileName(file.name);
            importTable.reset();
          });
          return Upload.LIST_IGNORE;
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{fileName || ADMIN.upload}</p>
        <p className="ant-upload-hint">{ADMIN.uploadHint}</p>
      </Upload.Dragger>
      {parsed && !parsed.ok && <Alert type="error" showIcon title={ADMIN.notATable} description={parsed.message} />}
      {parsed?.ok && !importTable.data && (
        <>
          <ImportPreviewView preview={parsed.preview} />
          <Button type="primary" loading={importTable.isPending} onClick={() => text !== null && importTable.mutate({ fiscalYear, text })}>
            {ADMIN.confirmImport}
          </Button>
        </>
      )}
      {importTable.isError && <ErrorState error={importTable.error} />}
      {importTable.data && <ImportResult summary={importTable.data} />}
    </Space>
  );
}
