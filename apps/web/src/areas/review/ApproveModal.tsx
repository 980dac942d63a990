import type { ReviewFinding } from '@budget/domain';
import { Form, Input, Modal } from 'antd';
import { REVIEW } from '../../labels';
import { ActionError, NO_SPACE } from './ActionError';
import { WarningsNotice } from './WarningsNotice';

interface Props {
  readonly open: boolean;
  readonly warnings: readonly ReviewFinding[];
  readonly pending: boolean;
  readonly error: unknown;
  readonly onCancel: () => void;
  readonly onSubmit: (comments: string | undefined) => void;
}

/** 审核通过 at a level that is not the last: optional comments. */
export function ApproveModal({ open, warnings, pending, error, onCancel, onSubmit }: Props) {
  const [form] = Form.useForm<{ comments?: string }>();
  return (
    <Modal
      open={open}
      title={REVIEW.approve}
      okText={REVIEW.ok}
      cancelText={REVIEW.cancel}
      okButtonProps={NO_SPACE}
      cancelButtonProps={NO_SPACE}
      confirmLoading={pending}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <ActionError error={error} />
      <WarningsNotice warnings={warnings} />
      <Form form={form} layout="vertical" preserve={false} initialValues={{ comments: '' }} onFinish={(v) => onSubmit((v.comments ?? '').trim() || undefined)}>
        <Form.Item name="comments" label={REVIEW.approveComments}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
