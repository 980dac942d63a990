import { Alert } from 'antd';
import { ApiError } from '../../api/http';
import { REVIEW } from '../../labels';
import { messageOf } from '../../shared/states';

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
      title={REVIEW.actionFailed}
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

/** Button texts exactly as labelled (Ant Design would put a space between two Chinese characters: 确 定). */
export const NO_SPACE = { autoInsertSpace: false } as const;
