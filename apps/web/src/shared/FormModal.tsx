import type { FormInstance } from 'antd';
import { Alert, Modal } from 'antd';
import type { ReactNode } from 'react';
import { ApiError } from '../api/http';
import { UI } from '../labels';
import { messageOf } from './states';

/** A refused action in words: the service's message (four-eyes, scope, state) and its field errors. */
export function ActionError({ error }: { error: unknown }) {
  if (!error) return null;
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : [];
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={{ marginBottom: 12 }}
      title={UI.actionFailed}
      description={
        <>
          <div>{messageOf(error)}</div>
          {fieldErrors.map((f) => (
            <div key={`${f.field}:${f.message}`}>{f.message}</div>
          ))}
        </>
      }
    />
  );
}

/** Button texts as labelled, also where no ConfigProvider says so (Ant Design would write 确 定). */
export const EXACT_TEXT = { autoInsertSpace: false } as const;

interface Props {
  readonly open: boolean;
  readonly title: ReactNode;
  /** The form inside; 确定 submits it, so its own validation runs first. */
  readonly form: FormInstance;
  readonly pending: boolean;
  readonly error: unknown;
  readonly onCancel: () => void;
  readonly width?: number;
  readonly children: ReactNode;
}

/** A dialog around one form: 确定 / 取消, busy while the action runs, the action's refusal above the form. */
export function FormModal({ open, title, form, pending, error, onCancel, width, children }: Props) {
  return (
    <Modal
      open={open}
      title={title}
      okText={UI.confirm}
      cancelText={UI.cancel}
      okButtonProps={EXACT_TEXT}
      cancelButtonProps={EXACT_TEXT}
      confirmLoading={pending}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
      {...(width !== undefined ? { width } : {})}
    >
      <ActionError error={error} />
      {children}
    </Modal>
  );
}
