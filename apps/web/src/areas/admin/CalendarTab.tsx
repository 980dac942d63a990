import { Alert, App, Button, Card, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { ADMIN, LOCAL_DAY_KIND_LABELS } from '../../labels';
import { ActionError, EXACT_TEXT, FormModal } from '../../shared/FormModal';
import { messageOf, QueryState } from '../../shared/states';
import { type LocalCalendarDay, type LocalDayInput, useChangeCalendarDay, useLocalCalendar } from './admin-api';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const LOCAL_KINDS = new Set(['local_day_off', 'local_working_day']);

interface SetForm {
  date: string;
  kind: LocalDayInput['kind'];
  reason: string;
}

/** The Beijing year of today: the year the tab opens on. */
function thisYear(now = new Date()): number {
  return new Date(now.getTime() + 8 * 60 * 60 * 1000).getUTCFullYear();
}

/**
 * 工作日历: the region's working days as due dates count them — the statutory holidays and 调休 of a
 * year, the region's own days off and working days — and the admin's form to set or clear one.
 */
export function CalendarTab({ initialYear = thisYear() }: { initialYear?: number }) {
  const [year, setYear] = useState(initialYear);
  const calendar = useLocalCalendar(year);
  const change = useChangeCalendarDay(year);
  const { message } = App.useApp();
  const [form] = Form.useForm<SetForm>();
  const [clearing, setClearing] = useState<string | null>(null);
  const [clearForm] = Form.useForm<{ reason: string }>();

  const save = (v: SetForm) =>
    change.set.mutate(
      { date: v.date.trim(), kind: v.kind, reason: v.reason.trim() },
      {
        onSuccess: () => {
          void message.success(ADMIN.created);
          form.resetFields();
        },
      },
    );

  const special = (calendar.data?.days ?? []).filter((d) => d.kind !== 'weekday' && d.kind !== 'weekend');

  return (
    <>
      <Card size="small" title={ADMIN.calendarSetTitle} style={{ marginBottom: 16 }}>
        <Typography.Paragraph type="secondary">{ADMIN.calendarSetHint}</Typography.Paragraph>
        <ActionError error={change.set.error} />
        <Form form={form} name="calendar-set" layout="inline" onFinish={save} initialValues={{ kind: 'day_off' }}>
          <Form.Item name="date" label={ADMIN.calendarDate} rules={[{ required: true, pattern: DATE, message: ADMIN.calendarDateFormat }]}>
            <Input placeholder="YYYY-MM-DD" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="kind" label={ADMIN.calendarLocalKind} rules={[{ required: true }]}>
            <Select style={{ width: 120 }} options={Object.entries(LOCAL_DAY_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="reason" label={ADMIN.calendarReason} rules={[{ required: true, whitespace: true }]}>
            <Input style={{ width: 260 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={change.set.isPending} {...EXACT_TEXT}>
            {ADMIN.calendarSave}
          </Button>
        </Form>
      </Card>
      <Card
        size="small"
        title={ADMIN.calendarSpecialDays}
        extra={
          <Space>
            <span>{ADMIN.calendarYear}</span>
            <InputNumber aria-label={ADMIN.calendarYear} min={2000} max={2100} value={year} onChange={(v) => v !== null && setYear(v)} />
          </Space>
        }
      >
        {!calendar.data ? (
          <QueryState query={calendar} />
        ) : (
          <>
            {!calendar.data.known && <Alert type="warning" showIcon title={ADMIN.calendarUnknownYear} style={{ marginBottom: 12 }} />}
            <Typography.Paragraph type="secondary">{ADMIN.calendarPublishedYears(calendar.data.knownYears)}</Typography.Paragraph>
            <Table<LocalCalendarDay>
              size="small"
              rowKey="date"
              aria-label={ADMIN.calendarSpecialDays}
              dataSource={special}
              pagination={special.length > 40 ? { pageSize: 40 } : false}
              columns={[
                { title: ADMIN.calendarDate, dataIndex: 'date', key: 'date', width: 130 },
                {
                  title: ADMIN.calendarKind,
                  key: 'kind',
                  width: 130,
                  render: (_: unknown, d) => <Tag color={d.working ? 'blue' : LOCAL_KINDS.has(d.kind) ? 'orange' : 'red'}>{d.kindName}</Tag>,
                },
                { title: ADMIN.calendarWhy, key: 'name', render: (_: unknown, d) => d.name ?? '' },
                {
                  title: '',
                  key: 'clear',
                  width: 140,
                  render: (_: unknown, d) =>
                    LOCAL_KINDS.has(d.kind) ? (
                      <Button size="small" onClick={() => setClearing(d.date)} {...EXACT_TEXT}>
                        {ADMIN.calendarClear}
                      </Button>
                    ) : null,
                },
              ]}
            />
          </>
        )}
      </Card>
      <FormModal
        open={clearing !== null}
        title={ADMIN.calendarClearTitle(clearing ?? '')}
        form={clearForm}
        pending={change.clear.isPending}
        error={change.clear.error}
        onCancel={() => setClearing(null)}
      >
        <Form
          form={clearForm}
          name="calendar-clear"
          layout="vertical"
          onFinish={({ reason }) =>
            clearing !== null &&
            change.clear.mutate(
              { date: clearing, reason: reason.trim() },
              {
                onSuccess: () => {
                  setClearing(null);
                  clearForm.resetFields();
                  void message.success(ADMIN.created);
                },
                onError: (e) => void message.error(messageOf(e)),
              },
            )
          }
        >
          <Form.Item name="reason" label={ADMIN.calendarReason} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
        </Form>
      </FormModal>
    </>
  );
}
