import type { RevisionReason } from '@budget/domain';
import { Alert } from 'antd';
import { fieldPathLabel, FILL } from '../../labels';
import type { SheetView } from './fill-api';

/** A sheet sent back: the reviewers' reasons (per field or finding) and overall comments, at the top. */
export function RevisionNotice({ sheet }: { sheet: SheetView }) {
  if (sheet.status !== 'revision_requested' || !sheet.review) return null;
  const reasons: readonly RevisionReason[] = sheet.review.reasons ?? [];
  return (
    <Alert
      type="error"
      showIcon
      role="region"
      aria-label={FILL.revisionTitle}
      style={{ marginBottom: 16 }}
      title={`${FILL.revisionTitle}${sheet.review.round ? `（${FILL.revisionRound(sheet.review.round)}）` : ''}`}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 20 }}>
          {reasons.map((r, i) => (
            <li key={i}>
              {[r.field ? fieldPathLabel(r.field) : null, r.ruleId ?? null].filter(Boolean).join(' · ')}
              {r.field || r.ruleId ? '：' : ''}
              {r.message}
            </li>
          ))}
          {sheet.review.comments ? (
            <li>
              {FILL.revisionComments}：{sheet.review.comments}
            </li>
          ) : null}
        </ul>
      }
    />
  );
}
