import type { Finding, WaiverRequest } from '@budget/domain';
import { FormModal } from '../../shared/FormModal';
import { Form, Input, Typography } from 'antd';
import { fieldPathLabel, FILL } from '../../labels';

interface Props {
  readonly open: boolean;
  /** The blocking findings of the content being submitted. */
  readonly blocking: readonly Finding[];
  readonly pending: boolean;
  readonly error: unknown;
  readonly onCancel: () => void;
  readonly onSubmit: (waiverRequests: WaiverRequest[]) => void;
}

/** The reason field's label: `豁免理由 S01`, with the field when one rule has several blocking findings. */
export function reasonLabel(f: Finding, all: readonly Finding[]): string {
  const shared = all.filter((o) => o.ruleId === f.ruleId).length > 1;
  return shared ? `${FILL.waiverReason(f.ruleId)} ${fieldPathLabel(f.field)}` : FILL.waiverReason(f.ruleId);
}

/** 提交: with blocking findings, one reason per finding to 申请豁免 (sent as waiverRequests). */
export function SubmitDialog({ open, blocking, pending, error, onCancel, onSubmit }: Props) {
  const [form] = Form.useForm<Record<string, string>>();
  return (
    <FormModal open={open} title={blocking.length > 0 ? `${FILL.submitTitle} · ${FILL.requestWaiver}` : FILL.submitTitle} form={form} pending={pending} error={error} onCancel={onCancel} width={640}>
      {blocking.length === 0 && <Typography.Paragraph>{FILL.submitNoBlocking}</Typography.Paragraph>}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(values) => onSubmit(blocking.map((f, i) => ({ ruleId: f.ruleId, field: f.field, reason: (values[`r${i}`] ?? '').trim() })))}
      >
        {blocking.length > 0 && <Typography.Paragraph>{FILL.submitHint}</Typography.Paragraph>}
        {blocking.map((f, i) => (
          <Form.Item
            key={`${f.ruleId}@${f.field}`}
            name={`r${i}`}
            label={reasonLabel(f, blocking)}
            extra={`${f.ruleId} · ${fieldPathLabel(f.field)}：${f.message}`}
            rules={[{ required: true, whitespace: true, message: FILL.waiverReasonRequired }]}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        ))}
      </Form>
    </FormModal>
  );
}
