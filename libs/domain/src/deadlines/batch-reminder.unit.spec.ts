import { clerk, deptReviewer, DEPT, financeReviewer } from '../sheet/testing/sheet-fixtures';
import { deciderSpec } from '../testing/given-when-then';
import { type Actor } from '../events/envelope';
import { batchReminderDecider } from './batch-reminder';
import { type BatchReminderSent, type OpenDraft, type SendBatchReminder } from './deadlines.types';

const given = deciderSpec(batchReminderDecider);
const NOW = '2026-03-02T02:00:00.000Z';
const DRAFTS: OpenDraft[] = [
  { sheetId: 's-1', unitId: 'unit-a', projectName: '党员教育培训' },
  { sheetId: 's-2', unitId: 'unit-b', projectName: '人才补贴' },
  { sheetId: 's-3', unitId: 'unit-a', projectName: '档案整理' },
];

function send(data: Partial<SendBatchReminder['data']> = {}, actor: Actor = deptReviewer, now = NOW): SendBatchReminder {
  return {
    type: 'SendBatchReminder',
    data: { batchId: 'batch-1', departmentId: DEPT, departmentName: '区委组织部', fiscalYear: 2026, deadline: '2026-03-13', openDrafts: DRAFTS, ...data },
    metadata: { now, actor, correlationId: 'c' },
  };
}

const sent: BatchReminderSent = {
  type: 'BatchReminderSent',
  data: {
    batchId: 'batch-1',
    departmentId: DEPT,
    fiscalYear: 2026,
    deadline: '2026-03-13',
    message: null,
    units: [
      { unitId: 'unit-a', sheetIds: ['s-1', 's-3'], text: '区委组织部催办：2026年度绩效目标表请于2026-03-13前报送，贵单位尚有2张未报送。' },
      { unitId: 'unit-b', sheetIds: ['s-2'], text: '区委组织部催办：2026年度绩效目标表请于2026-03-13前报送，贵单位尚有1张未报送。' },
    ],
    by: deptReviewer.id,
    at: NOW,
  },
};

describe('batch reminder 催办 (decider)', () => {
  it('given open drafts in two units, when the department reviewer sends a batch reminder, then each unit is reminded once with its drafts', () => {
    given([]).when(send()).then([sent]);
  });

  it('given the batch already sent, when the request is retried, then nothing is recorded again', () => {
    given([sent]).when(send()).then([]);
  });

  it('refuses another department, other roles, a past deadline, and a department with no open drafts', () => {
    given([]).when(send({}, { ...deptReviewer, departmentId: 'dept-other' })).thenThrows('FORBIDDEN');
    given([]).when(send({}, financeReviewer)).thenThrows('FORBIDDEN');
    given([]).when(send({}, clerk)).thenThrows('FORBIDDEN');
    given([]).when(send({ deadline: '2026-03-01' })).thenThrows('ILLEGAL_STATE');
    given([]).when(send({ deadline: '2026/03/13' })).thenThrows('VALIDATION_FAILED');
    given([]).when(send({ openDrafts: [] })).thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toBe('没有尚未报送的单位，无需催办'));
  });

  it('keeps a note of the reviewer, trimmed', () => {
    given([])
      .when(send({ message: ' 请抓紧 ' }))
      .thenState((_state, events) => expect(events[0]?.data.message).toBe('请抓紧'));
  });
});
