import type { ReviewFinding } from '@budget/domain';
import { FormModal } from '../../shared/FormModal';
import { Checkbox, Form, Input } from 'antd';
import { REVIEW } from '../../labels';
import { fieldPathLabel } from '../../labels';

interface Props {
  readonly open: boolean;
  readonly grant: boolean;
  readonly requested: readonly ReviewFinding[];
  readonly pending: boolean;
  readonly error: unknown;
  readonly onCancel: () => void;
  readonly onSubmit: (findingKeys: string[], reason: string) => void;
}

/** 同意豁免 / 不同意豁免: which requested waivers (all by default) and the reason, which is required. */
export function WaiverModal({ open, grant, requested, pending, error, onCancel, onSubmit }: Props) {
  const [form] = Form.useForm<{ findingKeys: string[]; reason?: string }>();
  return (
    <FormModal open={open} title={grant ? REVIEW.grantWaiver : REVIEW.refuseWaiver} form={form} pending={pending} error={error} onCancel={onCancel}>
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ findingKeys: requested.map((f) => f.key), reason: '' }}
        onFinish={(v) => onSubmit(v.findingKeys, (v.reason ?? '').trim())}
      >
        <Form.Item name="findingKeys" label={REVIEW.waiverKeys} rules={[{ required: true, type: 'array', min: 1, message: REVIEW.waiverKeysRequired }]}>
          <Checkbox.Group
            style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            options={requested.map((f) => ({
              value: f.key,
              label: `${f.ruleId} ${fieldPathLabel(f.field)}：${f.waiver && 'request' in f.waiver ? f.waiver.request.reason : f.message}`,
            }))}
          />
        </Form.Item>
        <Form.Item name="reason" label={REVIEW.waiverReason} rules={[{ required: true, whitespace: true, message: REVIEW.waiverReasonRequired }]}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
