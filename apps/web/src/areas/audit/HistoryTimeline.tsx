import { Tag, Timeline, Typography } from 'antd';
import { AUDIT, ROLE_LABELS } from '../../labels';
import { ChangeValue } from '../table/ChangeValue';
import { fieldLabel } from '../table/field-label';
import { formatBeijing } from '../table/time';
import type { HistoryEntry } from './audit-api';

function roleLabel(entry: HistoryEntry): string {
  return (ROLE_LABELS as Record<string, string>)[entry.actor.role] ?? entry.actor.roleLabel;
}

/** Words the event says beyond its field changes (grade, reason, comments), when they are plain text. */
function detailText(details: HistoryEntry['details']): string[] {
  const out: string[] = [];
  const pick = (key: string, label: string) => {
    const v = details[key];
    if (typeof v === 'string' && v.trim()) out.push(`${label}：${v}`);
  };
  pick('grade', AUDIT.grade);
  pick('reason', AUDIT.reason);
  pick('comments', AUDIT.comments);
  return out;
}

export function HistoryItem({ entry }: { entry: HistoryEntry }) {
  return (
    <article aria-label={entry.label} data-testid={`history-${entry.position}`}>
      <Typography.Text strong>{entry.label}</Typography.Text>
      <div style={{ color: '#555', margin: '2px 0 4px' }}>
        <span>{entry.actor.name ?? entry.actor.id}</span> <Tag>{roleLabel(entry)}</Tag>
        <time dateTime={entry.recordedAt}>{formatBeijing(entry.recordedAt)}</time>
        <span style={{ marginLeft: 8, color: '#999' }}>
          {AUDIT.position} {entry.position}
        </span>
      </div>
      {entry.unreadable && <Typography.Text type="danger">{`${AUDIT.unreadable}：${entry.unreadable}`}</Typography.Text>}
      {entry.changes.length === 0 ? (
        <Typography.Text type="secondary">{AUDIT.noChanges}</Typography.Text>
      ) : (
        <ul style={{ margin: 0, paddingLeft: 18 }}>
          {entry.changes.map((c, i) => (
            <li key={i}>
              <span style={{ marginRight: 6 }}>{fieldLabel(c.field)}：</span>
              <ChangeValue before={c.before} after={c.after} />
            </li>
          ))}
        </ul>
      )}
      {detailText(entry.details).map((t) => (
        <div key={t}>{t}</div>
      ))}
    </article>
  );
}

/** 变更记录: every event of the sheet and its reviews, oldest first — who, role, when, what changed. */
export function HistoryTimeline({ entries }: { entries: readonly HistoryEntry[] }) {
  return (
    <Timeline
      items={entries.map((e) => ({
        key: e.eventId,
        color: e.source === 'review' ? 'blue' : 'green',
        content: <HistoryItem entry={e} />,
      }))}
    />
  );
}
