import { DownloadOutlined } from '@ant-design/icons';
import { Button, DatePicker, Form, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import { TABLE } from '../../labels';
import { EXPORT_FORMATS, exportUrl, type TableQuery } from './table-api';
import { fromIso, toBeijingIso } from './time';

const FORMAT = 'YYYY-MM-DD HH:mm:ss';

/** A date-time picker in Beijing time, its value an ISO instant with +08:00 (or undefined). */
export function MomentPicker({ id, label, value, onChange }: { id: string; label: string; value: string | undefined; onChange: (iso: string | undefined) => void }) {
  return (
    <Form.Item label={label} htmlFor={id} style={{ marginBottom: 0 }}>
      <DatePicker
        id={id}
        aria-label={label}
        data-testid={id}
        showTime
        needConfirm={false}
        format={FORMAT}
        placeholder={TABLE.asOfPlaceholder}
        value={fromIso(value)}
        onChange={(d: Dayjs | null) => onChange(d ? toBeijingIso(d) : undefined)}
        style={{ width: 210 }}
      />
    </Form.Item>
  );
}

/** 截至时间 and the four 导出 links (each a plain download of /api/reporting/export). */
export function TableToolbar({ query, onAsOf }: { query: TableQuery; onAsOf: (iso: string | undefined) => void }) {
  return (
    <Space wrap align="center">
      <MomentPicker id="table-as-of" label={TABLE.asOf} value={query.asOf} onChange={onAsOf} />
      <Space.Compact>
        {EXPORT_FORMATS.map((format) => (
          <Button key={format} icon={<DownloadOutlined />} href={exportUrl(format, query)} download>
            {TABLE.exportAs(format)}
          </Button>
        ))}
      </Space.Compact>
    </Space>
  );
}
