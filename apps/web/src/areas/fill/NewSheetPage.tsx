import { Alert, Button, Card, Form, Input, InputNumber, Space, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { FILL, UI } from '../../labels';
import { messageOf } from '../../shared/states';
import { amountError } from './editor-state';
import { sheetPath, useCreateSheet } from './fill-api';

interface Values {
  fiscalYear: number;
  projectName: string;
  fiscalAppropriation?: string;
  specialAccountAppropriation?: string;
  otherFunds?: string;
  goal?: string;
}

const amountRule = { validator: (_: unknown, v?: string) => { const e = amountError(v ?? ''); return e ? Promise.reject(new Error(e)) : Promise.resolve(); } };

/** 新建项目: year and name (amounts and goal optional), then straight to the editor. */
export function NewSheetPage() {
  const navigate = useNavigate();
  const create = useCreateSheet();
  const [form] = Form.useForm<Values>();
  const onFinish = (v: Values) => {
    create.mutate(
      {
        fiscalYear: v.fiscalYear,
        projectName: v.projectName.trim(),
        funding: { fiscalAppropriation: v.fiscalAppropriation ?? '', specialAccountAppropriation: v.specialAccountAppropriation ?? '', otherFunds: v.otherFunds ?? '' },
        ...(v.goal ? { goal: v.goal } : {}),
      },
      { onSuccess: (sheet) => void navigate(sheetPath(sheet.sheetId), { replace: true }) },
    );
  };
  return (
    <Card style={{ maxWidth: 720 }}>
      <Link to="/sheets">{FILL.backToList}</Link>
      <Typography.Title level={4}>{FILL.newTitle}</Typography.Title>
      {create.isError ? <Alert type="error" showIcon title={UI.actionFailed} description={messageOf(create.error)} style={{ marginBottom: 16 }} /> : null}
      <Form<Values> form={form} layout="vertical" onFinish={onFinish} initialValues={{ fiscalYear: new Date().getFullYear() + 1 }}>
        <Form.Item name="fiscalYear" label={FILL.fiscalYear} rules={[{ required: true, message: FILL.fiscalYearRequired }]}>
          <InputNumber min={2000} max={2100} precision={0} style={{ width: 160 }} />
        </Form.Item>
        <Form.Item name="projectName" label={FILL.projectName} rules={[{ required: true, whitespace: true, message: FILL.projectNameRequired }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="fiscalAppropriation" label={FILL.fiscal} rules={[amountRule]}>
            <Input suffix={FILL.wanSuffix} placeholder={FILL.amountPlaceholder} inputMode="decimal" />
          </Form.Item>
          <Form.Item name="specialAccountAppropriation" label={FILL.special} rules={[amountRule]}>
            <Input suffix={FILL.wanSuffix} placeholder={FILL.amountPlaceholder} inputMode="decimal" />
          </Form.Item>
          <Form.Item name="otherFunds" label={FILL.other} rules={[amountRule]}>
            <Input suffix={FILL.wanSuffix} placeholder={FILL.amountPlaceholder} inputMode="decimal" />
          </Form.Item>
        </Space>
        <Form.Item name="goal" label={FILL.goal}>
          <Input.TextArea rows={3} maxLength={5000} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {FILL.create}
          </Button>
          <Button onClick={() => void navigate('/sheets')}>{UI.cancel}</Button>
        </Space>
      </Form>
    </Card>
  );
}
