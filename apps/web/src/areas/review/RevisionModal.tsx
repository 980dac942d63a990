import type { ReviewFinding, RevisionComment } from '@budget/domain';
import { Alert, Divider, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { REVIEW, SHEET_FIELD_LABELS, UI } from '../../labels';
import { ActionError, EXACT_TEXT } from '../../shared/FormModal';
import { fieldPathLabel } from '../../labels';

/** The fields a reviewer comments on when sending a sheet back. */
export const REVISION_FIELDS = ['projectName', 'funding', 'goal', 'indicators'] as const;

interface Props {
  readonly open: boolean;
  readonly findings: readonly ReviewFinding[];
  readonly pending: boolean;
  readonly error: unknown;
  readonly onCancel: () => void;
  readonly onSubmit: (comments: RevisionComment[]) => void;
}

type Values = Record<string, string | undefined>;

/** The non-empty comments of the form: per field, per finding, and a general one. */
export function revisionComments(values: Values, findings: readonly ReviewFinding[]): RevisionComment[] {
  const comments: RevisionComment[] = [];
  const text = (name: string) => values[name]?.trim() ?? '';
  for (const field of REVISION_FIELDS) {
    const message = text(`field:${field}`);
    if (message) comments.push({ field, message });
  }
  for (const f of findings) {
    const message = text(`finding:${f.key}`);
    if (message) comments.push({ findingKey: f.key, message });
  }
  const general = text('general');
  if (general) comments.push({ message: general });
  return comments;
}

/** 退回修改: comments per field or per finding; at least one. */
export function RevisionModal({ open, findings, pending, error, onCancel, onSubmit }: Props) {
  const [form] = Form.useForm<Values>();
  const [missing, setMissing] = useState(false);
  return (
    <Modal
      open={open}
      title={REVIEW.requestRevision}
      okText={UI.confirm}
      cancelText={UI.cancel}
      okButtonProps={EXACT_TEXT}
      cancelButtonProps={EXACT_TEXT}
      confirmLoading={pending}
      onCancel={() => {
        setMissing(false);
        onCancel();
      }}
      onOk={() => {
        const comments = revisionComments(form.getFieldsValue(true) as Values, findings);
        setMissing(comments.length === 0);
        if (comments.length > 0) onSubmit(comments);
      }}
      destroyOnHidden
      width={720}
    >
      <ActionError error={error} />
      {missing && <Alert type="error" showIcon role="alert" title={REVIEW.revisionRequired} style={{ marginBottom: 12 }} />}
      <Typography.Paragraph type="secondary">{REVIEW.revisionHint}</Typography.Paragraph>
      <Form form={form} layout="vertical" preserve={false}>
        <Divider titlePlacement="start">{REVIEW.revisionByField}</Divider>
        {REVISION_FIELDS.map((field) => (
          <Form.Item key={field} name={`field:${field}`} label={SHEET_FIELD_LABELS[field]}>
            <Input.TextArea rows={1} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
          </Form.Item>
        ))}
        {findings.length > 0 && <Divider titlePlacement="start">{REVIEW.revisionByFinding}</Divider>}
        {findings.map((f) => (
          <Form.Item key={f.key} name={`finding:${f.key}`} label={`${f.ruleId} ${fieldPathLabel(f.field)}`} extra={f.message}>
            <Input.TextArea rows={1} autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
          </Form.Item>
        ))}
        <Divider titlePlacement="start">{REVIEW.revisionGeneral}</Divider>
        <Form.Item name="general" label={REVIEW.revisionGeneral}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
