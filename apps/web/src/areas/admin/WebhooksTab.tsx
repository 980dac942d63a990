import { App, Button, Card, Form, Input, Select, Switch, Table } from 'antd';
import { ADMIN, NOTIFICATION_KIND_LABELS } from '../../labels';
import { messageOf, QueryState } from '../../shared/states';
import { formatBeijing } from '../table/time';
import { useOrganisations, useRetryDeadLetter, useSaveWebhook, useWebhookDeadLetters, type WebhookDeadLetter, type WebhookInput } from './admin-api';

interface WebhookForm {
  id: string;
  url: string;
  secret: string;
  departmentId?: string;
  kinds?: NonNullable<WebhookInput['kinds']>;
  active: boolean;
  description?: string;
}

/** Webhook: register or change a webhook; the deliveries that failed for good, with 重新投递. */
export function WebhooksTab() {
  const orgs = useOrganisations();
  const save = useSaveWebhook();
  const deadLetters = useWebhookDeadLetters();
  const retry = useRetryDeadLetter();
  const { message } = App.useApp();
  const [form] = Form.useForm<WebhookForm>();

  const submit = ({ id, departmentId, kinds, description, ...rest }: WebhookForm) =>
    save.mutate(
      { id: id.trim(), ...rest, ...(departmentId ? { departmentId } : {}), ...(kinds?.length ? { kinds } : {}), ...(description ? { description } : {}) },
      { onSuccess: () => void message.success(ADMIN.created), onError: (e) => void message.error(messageOf(e)) },
    );

  return (
    <>
      <Card size="small" title={ADMIN.tabWebhooks} style={{ marginBottom: 16 }}>
        <Form form={form} layout="vertical" initialValues={{ active: true }} onFinish={submit} style={{ maxWidth: 640 }}>
          <Form.Item name="id" label={ADMIN.webhookId} rules={[{ required: true, whitespace: true }]}>
            <Input />
          </Form.Item>
          <Form.Item name="url" label={ADMIN.webhookUrl} rules={[{ required: true, type: 'url' }]}>
            <Input placeholder="https://" />
          </Form.Item>
          <Form.Item name="secret" label={ADMIN.webhookSecret} rules={[{ required: true, min: 16 }]}>
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Form.Item name="departmentId" label={ADMIN.webhookDepartment}>
            <Select allowClear options={(orgs.data ?? []).map((d) => ({ value: d.departmentId, label: d.name }))} />
          </Form.Item>
          <Form.Item name="kinds" label={ADMIN.webhookKinds}>
            <Select mode="multiple" allowClear options={Object.entries(NOTIFICATION_KIND_LABELS).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Form.Item name="description" label={ADMIN.webhookDescription}>
            <Input />
          </Form.Item>
          <Form.Item name="active" label={ADMIN.webhookActive} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {ADMIN.saveWebhook}
          </Button>
        </Form>
      </Card>
      <Card size="small" title={ADMIN.deadLetters}>
        {!deadLetters.data ? (
          <QueryState query={deadLetters} />
        ) : (
          <Table<WebhookDeadLetter>
            size="small"
            rowKey="id"
            dataSource={deadLetters.data}
            pagination={deadLetters.data.length > 20 ? { pageSize: 20 } : false}
            columns={[
              { title: ADMIN.failedAt, key: 'failedAt', width: 160, render: (_: unknown, r) => formatBeijing(r.failedAt) },
              { title: ADMIN.kind, key: 'kind', width: 100, render: (_: unknown, r) => (NOTIFICATION_KIND_LABELS as Record<string, string>)[r.kind] ?? r.kind },
              { title: ADMIN.titleCol, dataIndex: 'title', key: 'title' },
              { title: ADMIN.url, dataIndex: 'url', key: 'url' },
              { title: ADMIN.attempts, dataIndex: 'attempts', key: 'attempts', width: 80 },
              { title: ADMIN.error, dataIndex: 'error', key: 'error' },
              {
                title: ADMIN.retry,
                key: 'retry',
                width: 100,
                render: (_: unknown, r) => (
                  <Button
                    size="small"
                    loading={retry.isPending && retry.variables === r.id}
                    onClick={() => retry.mutate(r.id, { onSuccess: () => void message.success(ADMIN.retried), onError: (e) => void message.error(messageOf(e)) })}
                  >
                    {ADMIN.retry}
                  </Button>
                ),
              },
            ]}
          />
        )}
      </Card>
    </>
  );
}
