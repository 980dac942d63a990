import type { ReviewFinding } from '@budget/domain';
import { Alert } from 'antd';
import { REVIEW } from '../../labels';

/** Approving acknowledges the level's open warnings: say which. */
export function WarningsNotice({ warnings }: { warnings: readonly ReviewFinding[] }) {
  if (warnings.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      title={REVIEW.approveAcknowledges(warnings.length)}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {warnings.map((w) => (
            <li key={w.key}>
              {w.ruleId} {w.message}
            </li>
          ))}
        </ul>
      }
    />
  );
}
