import { Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { TABLE } from '../../labels';
import { QueryState } from '../../shared/states';
import { EXPORT_FORMATS, type PublicationItem, publishedExportUrl, usePublications } from './table-api';
import { formatBeijing } from './time';

function columns(departmentId: string, fiscalYear: number): ColumnsType<PublicationItem> {
  return [
    {
      title: TABLE.publicationVersion,
      key: 'version',
      width: 150,
      render: (_: unknown, p) => <Tag color={p.kind === 'published' ? 'success' : 'warning'}>{p.label}</Tag>,
    },
    { title: TABLE.publishedBy, dataIndex: 'by', key: 'by', width: 160 },
    { title: TABLE.publishedAt, key: 'at', width: 160, render: (_: unknown, p) => formatBeijing(p.at) },
    { title: TABLE.publicationProjects, dataIndex: 'projects', key: 'projects', width: 80, align: 'right' },
    {
      title: TABLE.publicationChecksum,
      key: 'checksum',
      width: 120,
      render: (_: unknown, p) => (
        <Tooltip title={p.checksum}>
          <Typography.Text code>{p.checksum.slice(0, 12)}</Typography.Text>
        </Tooltip>
      ),
    },
    { title: TABLE.publicationReason, key: 'reason', render: (_: unknown, p) => p.reason ?? '' },
    {
      title: TABLE.publicationExport,
      key: 'export',
      width: 200,
      render: (_: unknown, p) => (
        <Space size="small">
          {EXPORT_FORMATS.map((format) => (
            <a key={format} href={publishedExportUrl(departmentId, fiscalYear, p.version, format)} aria-label={TABLE.publicationExportAs(p.version, format)} download>
              {format.toUpperCase()}
            </a>
          ))}
        </Space>
      ),
    },
  ];
}

/** 已发布 / 更正: the versions the department published for the year, each exportable exactly as it was published. */
export function PublicationsPanel({ departmentId, fiscalYear }: { departmentId: string; fiscalYear: number }) {
  const query = usePublications(departmentId, fiscalYear);
  if (!query.data) return <QueryState query={query} />;
  if (query.data.length === 0) return <Typography.Paragraph type="secondary">{TABLE.publicationsNone}</Typography.Paragraph>;
  return (
    <section aria-label={TABLE.publications}>
      <Table<PublicationItem> size="small" rowKey="version" columns={columns(departmentId, fiscalYear)} dataSource={query.data} pagination={false} />
    </section>
  );
}
