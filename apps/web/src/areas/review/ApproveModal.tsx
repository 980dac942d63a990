import type { ReviewFinding } from '@budget/domain';
import { FormModal } from '../../shared/FormModal';
import { Form, Input } from 'antd';
import { REVIEW } from '../../labels';
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
    <FormModal open={open} title={REVIEW.approve} form={form} pending={pending} error={error} onCancel={onCancel}>
      <WarningsNotice warnings={warnings} />
      <Form form={form} layout="vertical" preserve={false} initialValues={{ comments: '' }} onFinish={(v) => onSubmit((v.comments ?? '').trim() || undefined)}>
        <Form.Item name="comments" label={REVIEW.approveComments}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}
