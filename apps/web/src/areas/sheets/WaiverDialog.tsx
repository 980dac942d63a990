import { type Finding, findingKey, type WaiverRequest } from '@budget/domain';
import { Form, Input, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { SHEETS, UI } from '../../labels';
import { fieldLabel } from './field-label';
import { SeverityTag } from './FindingsPanel';

interface Props {
  readonly open: boolean;
  readonly blocking: readonly Finding[];
  readonly pending: boolean;
  readonly onCancel: () => void;
  readonly onConfirm: (waiverRequests: WaiverRequest[]) => void;
}

/** 提交 with blocking findings: one 申请豁免 per finding, each with a reason (→ waiverRequests { ruleId, field, reason }). */
export function WaiverDialog({ open, blocking, pending, onCancel, onConfirm }: Props) {
  const [reasons, setReasons] = useState<Record<string, string>>({});
  const [tried, setTried] = useState(false);
  const missing = blocking.filter((f) => !(reasons[findingKey(f)] ?? '').trim());
  const confirm = () => {
    setTried(true);
    if (missing.length > 0) return;
    onConfirm(blocking.map((f) => ({ ruleId: f.ruleId, field: f.field, reason: (reasons[findingKey(f)] ?? '').trim() })));
  };
  return (
    <Modal
      open={open}
      title={SHEETS.waiverTitle}
      okText={SHEETS.confirm}
      cancelText={UI.cancel}
      onOk={confirm}
      onCancel={onCancel}
      confirmLoading={pending}
      destroyOnHidden
      width={640}
    >
      <Typography.Paragraph>{SHEETS.waiverHint}</Typography.Paragraph>
      <Form layout="vertical">
        {blocking.map((f) => {
          const key = findingKey(f);
          const id = `waiver-${key.replace(/[^\w]/g, '-')}`;
          const empty = tried && !(reasons[key] ?? '').trim();
          return (
            <Form.Item
              key={key}
              htmlFor={id}
              label={
                <Space size={4}>
                  <SeverityTag finding={f} />
                  <span>
                    {f.ruleId} · {fieldLabel(f.field)} · {f.message}
                  </span>
                </Space>
              }
              validateStatus={empty ? 'error' : undefined}
              help={empty ? SHEETS.waiverReasonRequired : undefined}
            >
              <Input.TextArea
                id={id}
                aria-label={SHEETS.waiverReason(f.ruleId, fieldLabel(f.field))}
                autoSize={{ minRows: 2, maxRows: 4 }}
                value={reasons[key] ?? ''}
                onChange={(e) => setReasons((r) => ({ ...r, [key]: e.target.value }))}
              />
            </Form.Item>
          );
        })}
      </Form>
    </Modal>
  );
}
