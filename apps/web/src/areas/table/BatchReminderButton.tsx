import { MAX_BATCH_MESSAGE_LENGTH, mayBatchRemind } from '@budget/domain';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { type AnswerOf, api } from '../../api/client';
import { useActor } from '../../api/session';
import { REMINDER } from '../../labels';
import { FormModal } from '../../shared/FormModal';

export type BatchReminderResult = AnswerOf<'intake', 'sendBatchReminder'>;

interface Values {
  /** YYYY-MM-DD, as the browser's date input gives it. */
  readonly deadline?: string;
  readonly message?: string;
}

/** A batch id per opening of the dialog: a retried 确定 (a lost answer) sends nothing twice. */
const newBatchId = (): string => globalThis.crypto.randomUUID();

/**
 * 催办: for the department's reviewer, beside its progress. A dialog asks for the deadline (and a
 * note); the answer says how many units and drafts were reminded.
 */
export function BatchReminderButton({ departmentId, fiscalYear }: { departmentId: string; fiscalYear: number }) {
  const actor = useActor();
  const [form] = Form.useForm<Values>();
  const [open, setOpen] = useState(false);
  const [batchId, setBatchId] = useState(newBatchId);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<BatchReminderResult | null>(null);
  if (!mayBatchRemind(actor, departmentId).allowed) return null;
  const send = async (values: Values) => {
    if (!values.deadline) return;
    setPending(true);
    setError(null);
    try {
      const message = values.message?.trim();
      const answer = await api.departments.batchReminder({
        departmentId,
        body: { fiscalYear, deadline: values.deadline, batchId, ...(message ? { message } : {}) },
      });
      setResult(answer);
      setOpen(false);
    } catch (e) {
      setError(e);
    } finally {
      setPending(false);
    }
  };
  return (
    <>
      <Button
        onClick={() => {
          setBatchId(newBatchId());
          setError(null);
          setOpen(true);
        }}
      >
        {REMINDER.action}
      </Button>
      {result && (
        <Alert
          type={result.outcome === 'sent' ? 'success' : 'info'}
          showIcon
          closable
          onClose={() => setResult(null)}
          role="status"
          style={{ marginTop: 8 }}
          title={result.outcome === 'sent' ? REMINDER.sent(result.counts.units, result.counts.drafts) : REMINDER.alreadySent}
          description={result.units.map((u) => REMINDER.unitLine(u.unitName, u.drafts)).join('；') || undefined}
        />
      )}
      <FormModal open={open} title={REMINDER.title(fiscalYear)} form={form} pending={pending} error={error} onCancel={() => setOpen(false)}>
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => void send(v)}>
          <Form.Item name="deadline" label={REMINDER.deadline} htmlFor="batch-reminder-deadline" rules={[{ required: true, message: REMINDER.deadlineRequired }]}>
            {/* The browser's own date input: its value is already the YYYY-MM-DD the route takes. */}
            <Input id="batch-reminder-deadline" type="date" style={{ width: 180 }} />
          </Form.Item>
          <Form.Item name="message" label={REMINDER.message} htmlFor="batch-reminder-message">
            <Input.TextArea id="batch-reminder-message" rows={2} maxLength={MAX_BATCH_MESSAGE_LENGTH} showCount />
          </Form.Item>
        </Form>
      </FormModal>
    </>
  );
}
