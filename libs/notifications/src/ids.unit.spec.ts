import { assertSchemaName, deadlineCancelKey, jobIdFor, notificationId, notificationsChannel } from './ids';

describe('notificationId', () => {
  const parts = { sourceEventId: '5b7c1f0e-0000-4000-8000-000000000001', kind: 'revision_requested', channel: 'inbox', recipient: 'clerk-1' } as const;

  it('is the same for the same source event, kind, channel and recipient', () => {
    expect(notificationId(parts)).toBe(notificationId({ ...parts }));
  });

  it('differs when any part differs', () => {
    const ids = new Set([
      notificationId(parts),
      notificationId({ ...parts, sourceEventId: '5b7c1f0e-0000-4000-8000-000000000002' }),
      notificationId({ ...parts, kind: 'final_decision' }),
      notificationId({ ...parts, channel: 'email' }),
      notificationId({ ...parts, recipient: 'clerk-2' }),
    ]);
    expect(ids.size).toBe(5);
  });

  it('does not let parts run into each other', () => {
    expect(notificationId({ ...parts, sourceEventId: 'a', recipient: 'bc' })).not.toBe(notificationId({ ...parts, sourceEventId: 'ab', recipient: 'c' }));
  });

  it('is a valid BullMQ custom job id: no colon, never all digits', () => {
    const id = notificationId(parts);
    expect(id).toMatch(/^ntf_[0-9a-f]{32}$/);
    expect(id).not.toContain(':');
    expect(`${parseInt(id, 10)}`).not.toBe(id);
  });
});

describe('jobIdFor', () => {
  it('is the delivery id for the first generation and a suffixed one after a dead-letter retry', () => {
    expect(jobIdFor('ntf_abc', 0)).toBe('ntf_abc');
    expect(jobIdFor('ntf_abc', 2)).toBe('ntf_abc-r2');
    expect(jobIdFor('ntf_abc', 1)).not.toContain(':');
  });
});

describe('schema names and keys', () => {
  it('accepts plain identifiers and names a NOTIFY channel within 63 bytes', () => {
    expect(assertSchemaName('review')).toBe('review');
    expect(notificationsChannel('a'.repeat(50)).length).toBeLessThanOrEqual(63);
  });

  it.each(['Review', 'review; drop table x', '1abc', '', 'a'.repeat(51), 're"view'])('rejects %j', (name) => {
    expect(() => assertSchemaName(name)).toThrow('Invalid schema name');
  });

  it('keys a task’s deadline notifications by task', () => {
    expect(deadlineCancelKey('task-1')).toBe('deadline:task-1');
  });
});
