import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, List, Space, Tag, Tooltip, Typography, Upload } from 'antd';
import { type AnswerOf, api } from '../../api/client';
import { FILL_TEMPLATE } from '../../labels';
import { SHEETS_KEY } from './fill-api';

/** POST /fill-template: what happened to each project of the uploaded template. */
export type TemplateUploadResult = AnswerOf<'intake', 'uploadFillTemplate'>;
type Outcome = TemplateUploadResult['projects'][number]['outcome'];

const OUTCOME_TAG: Readonly<Record<Outcome, { label: string; color: string }>> = {
  created: { label: FILL_TEMPLATE.created, color: 'green' },
  updated: { label: FILL_TEMPLATE.updated, color: 'blue' },
  unchanged: { label: FILL_TEMPLATE.unchanged, color: 'default' },
  conflict: { label: FILL_TEMPLATE.conflicts, color: 'orange' },
  rejected: { label: FILL_TEMPLATE.rejected, color: 'red' },
};

/**
 * 下载填报模板 / 上传填报模板: the unit's editable drafts of the year as an Excel workbook to fill
 * offline, and its upload, with what happened to each project (created, updated, unchanged, and
 * conflicts or refusals in words). The service scopes both to the clerk's own unit.
 */
export function TemplateButtons({ fiscalYear }: { readonly fiscalYear?: number | undefined }) {
  const year = fiscalYear ?? new Date().getFullYear();
  const queryClient = useQueryClient();
  const upload = useMutation({
    mutationFn: (file: Blob) => api.fillTemplate.upload({ body: file }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: SHEETS_KEY }),
  });
  const result = upload.data;
  const notApplied = result?.projects.filter((p) => p.outcome === 'conflict' || p.outcome === 'rejected') ?? [];
  return (
    <>
      <Space wrap className="no-print">
        <Tooltip title={FILL_TEMPLATE.downloadHint(year)}>
          <Button href={api.fillTemplate.download.url({ query: { fiscalYear: String(year) } })} download>
            {FILL_TEMPLATE.download}
          </Button>
        </Tooltip>
        <Upload
          accept=".xlsx"
          showUploadList={false}
          beforeUpload={(file) => {
            if (!file.name.toLowerCase().endsWith('.xlsx')) {
              upload.reset();
              return Upload.LIST_IGNORE;
            }
            upload.mutate(file);
            return false;
          }}
        >
          <Button loading={upload.isPending}>
            {upload.isPending ? FILL_TEMPLATE.uploading : FILL_TEMPLATE.upload}
          </Button>
        </Upload>
      </Space>
      {upload.isError ? <Alert style={{ marginTop: 12 }} type="error" showIcon title={FILL_TEMPLATE.failed} description={upload.error.message} closable onClose={() => upload.reset()} /> : null}
      {result ? (
        <Alert
          style={{ marginTop: 12 }}
          type={notApplied.length > 0 ? 'warning' : 'success'}
          showIcon
          closable
          onClose={() => upload.reset()}
          title={`${FILL_TEMPLATE.resultTitle}：${FILL_TEMPLATE.summary(result.counts)}`}
          description={
            notApplied.length === 0 ? (
              FILL_TEMPLATE.allApplied
            ) : (
              <>
                <Typography.Text>{FILL_TEMPLATE.someNotApplied}</Typography.Text>
                <List
                  size="small"
                  aria-label={FILL_TEMPLATE.resultTitle}
                  dataSource={[...notApplied]}
                  renderItem={(p) => (
                    <List.Item>
                      <Space wrap>
                        <Tag color={OUTCOME_TAG[p.outcome].color}>{OUTCOME_TAG[p.outcome].label}</Tag>
                        <Typography.Text type="secondary">{FILL_TEMPLATE.rows(p.rows.from, p.rows.to)}</Typography.Text>
                        <Typography.Text strong>{p.projectName}</Typography.Text>
                        <Typography.Text>{p.message}</Typography.Text>
                      </Space>
                    </List.Item>
                  )}
                />
              </>
            )
          }
        />
      ) : null}
    </>
  );
}
