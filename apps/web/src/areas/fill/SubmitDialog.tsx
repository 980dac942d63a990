import type { Finding, WaiverRequest } from '@budget/domain';
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { FILL, UI } from '../../labels';
import { messageOf } from '../../shared/states';
import { fieldWords } from './field-words';

interface Props {
  readonly open: boolean;
  /** The blocking findings of the content being submitted. */
  readonly blocking: readonly Finding[];
  readonly pending: boolean;
  readonly error: unknown;
  readonly onCancel: () => void;
  readonly onSubmit: (waiverRequests: WaiverRequest[]) => void;
}

const NO_SPACE = { autoInsertSpace: false } as const;

/** The reason field's label: `豁免理由 S01`, with the field when one rule has several blocking findings. */
export function reasonLabel(f: Finding, all: readonly Finding[]): string {
  const shared = all.filter((o) => o.ruleId === f.ruleId).length > 1;
  return shared ? `${FILL.waiverReason(f.ruleId)} ${fieldWords(f.field)}` : FILL.waiverReason(f.ruleId);
}

/** 提交: with blocking findings, one reason per finding to 申请豁免 (sent as waiverRequests). */
export function SubmitDialog({ open, blocking, pending, error, onCancel, onSubmit }: Props) {
  const [form] = Form.useForm<Record<string, string>>();
  return (
    <Modal
      open={open}
      title={blocking.length > 0 ? `${FILL.submitTitle} · ${FILL.requestWaiver}` : FILL.submitTitle}
      okText={UI.confirm}
      cancelText={UI.cancel}
      okButtonProps={NO_SPACE}
      cancelButtonProps={NO_SPACE}
      confirmLoading={pending}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      width={640}
    >
      {error ? <Alert type="error" showIcon title={FILL.actionFailed} description={messageOf(error)} style={{ marginBottom: 12 }} /> : null}
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
            extra={`${f.ruleId} · ${fieldWords(f.field)}：${f.message}`}
            rules={[{ required: true, whitespace: true, message: FILL.waiverReasonRequired }]}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}
