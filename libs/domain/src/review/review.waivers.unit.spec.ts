import { signOffLevel } from './review.chain';
import { foldReview } from './review.decider';
import { type ReviewEvent } from './review.types';
import {
  acknowledge,
  approve,
  B_GOAL,
  B_VALUE,
  BLOCKING_WITH_REQUESTS,
  cmd,
  decideWaiver,
  deptReviewer,
  financeReviewer,
  given,
  KEY,
  NOW,
  openReview,
  play,
  REF,
  unitHead,
  WITH_WAIVERS,
} from './testing/review-fixtures';

const BOTH = [KEY.goal, KEY.value];
const toFinance = (grant: boolean): ReviewEvent[] =>
  play(
    openReview(BLOCKING_WITH_REQUESTS),
    acknowledge('unit_head', [KEY.satisfaction]),
    approve('unit_head'),
    acknowledge('department', [KEY.satisfaction]),
    decideWaiver('department', BOTH, grant),
    ...(grant ? [approve('department')] : []),
  );

describe('waivers of blocking findings', () => {
  it('the unit head passes requested waivers on undecided', () => {
    given(play(openReview(BLOCKING_WITH_REQUESTS), acknowledge('unit_head', [KEY.satisfaction])))
      .when(approve('unit_head'))
      .thenState((state) => {
        expect(state).toMatchObject({ currentLevel: 'department' });
        expect(state.status !== 'none' && state.findings.map((f) => f.waiver?.status ?? null)).toEqual(['requested', 'requested', null]);
      });
  });

  it('may not be decided at a level that may not waive', () => {
    given(play(openReview(BLOCKING_WITH_REQUESTS)))
      .when(decideWaiver('unit_head', [KEY.goal], true, unitHead))
      .thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('“单位负责人”环节无权豁免阻断性问题'));
  });

  it('is granted by the first level allowed to waive, with the reason recorded on the finding and the task', () => {
    given(WITH_WAIVERS.department)
      .when(cmd('DecideWaiver', { level: 'department', findingKeys: BOTH, grant: true, reason: '按市委文件执行' }, deptReviewer))
      .thenState((state, events) => {
        expect(events).toEqual([
          {
            type: 'WaiverDecided',
            data: { ...REF, level: 'department', findingKeys: BOTH, granted: true, reason: '按市委文件执行', by: deptReviewer.id, at: NOW },
          },
        ]);
        const decision = { level: 'department', granted: true, reason: '按市委文件执行', by: deptReviewer.id, at: NOW };
        expect(state.status !== 'none' && state.findings.slice(0, 2).map((f) => f.waiver)).toEqual([
          { status: 'granted', request: BLOCKING_WITH_REQUESTS.waiverRequests[0], decision },
          { status: 'granted', request: BLOCKING_WITH_REQUESTS.waiverRequests[1], decision },
        ]);
        expect(state.status !== 'none' && state.tasks[1]?.waiverDecisions).toEqual([
          { findingKeys: BOTH, granted: true, reason: '按市委文件执行', by: deptReviewer.id, at: NOW },
        ]);
      });
  });

  it('needs a reason and blocking findings only', () => {
    given(WITH_WAIVERS.department)
      .when(cmd('DecideWaiver', { level: 'department', findingKeys: [KEY.satisfaction, 'S99@x'], grant: true, reason: ' ' }, deptReviewer))
      .thenThrows('VALIDATION_FAILED', (e) =>
        expect(e.details.fieldErrors).toEqual([
          { field: 'findingKeys[0]', message: '只有阻断性问题可以豁免' },
          { field: 'findingKeys[1]', message: '审核发现不存在' },
          { field: 'reason', message: '豁免决定的理由不能为空' },
        ]),
      );
  });

  it('blocks approval at a waiving level until every blocking finding is waived', () => {
    const oneGranted = play(
      openReview(BLOCKING_WITH_REQUESTS),
      acknowledge('unit_head', [KEY.satisfaction]),
      approve('unit_head'),
      acknowledge('department', [KEY.satisfaction]),
      decideWaiver('department', [KEY.goal], true),
    );
    given(oneGranted)
      .when(approve('department'))
      .thenThrows('ILLEGAL_STATE', (e) => {
        expect(e.message).toBe('尚有1项阻断性问题未获豁免，不能通过，请退回修改');
        expect(e.details).toEqual({ findingKeys: [KEY.value] });
      });
  });

  it('lets the level approve once every blocking finding is granted; finance finds them decided', () => {
    const events = toFinance(true);
    expect(foldReview(events)).toMatchObject({ currentLevel: 'finance' });
    given(events)
      .when(decideWaiver('finance', [KEY.goal], false, financeReviewer))
      .thenThrows('ILLEGAL_STATE', (e) => {
        expect(e.message).toBe('“S01@goal”的豁免申请已作出决定');
        expect(e.details).toEqual({ findingKey: KEY.goal, waiver: 'granted' });
      });
    given(events)
      .when(acknowledge('finance', [KEY.satisfaction], financeReviewer))
      .thenState((state) => expect(state.status !== 'none' && state.findings[2]?.acknowledgements.map((a) => a.level)).toEqual(['unit_head', 'department', 'finance']));
  });

  it('a refused waiver blocks approval for good: the reviewer requests revision', () => {
    const refused = toFinance(false);
    expect(foldReview(refused)).toMatchObject({ currentLevel: 'department' });
    given(refused)
      .when(approve('department'))
      .thenThrows('ILLEGAL_STATE', (e) => expect(e.details).toEqual({ findingKeys: BOTH }));
    given(refused)
      .when(decideWaiver('department', [KEY.goal], true))
      .thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toBe('“S01@goal”的豁免申请已作出决定'));
    given(refused)
      .when(cmd('RequestRevision', { level: 'department', comments: [{ findingKey: KEY.goal, message: '请补充绩效目标' }] }, deptReviewer))
      .thenState((state) => {
        expect(state).toMatchObject({ status: 'revision_requested', outcome: { level: 'department', automatic: false } });
        expect(state.status !== 'none' && state.findings[0]?.waiver).toMatchObject({ status: 'refused', decision: { granted: false } });
      });
  });

  it('is decided by finance when finance is the first level allowed to waive', () => {
    const chain = [signOffLevel('unit_head'), signOffLevel('department', { mayWaive: false }), signOffLevel('finance')];
    const atFinance = play(
      openReview({ ...BLOCKING_WITH_REQUESTS, chain }),
      acknowledge('unit_head', [KEY.satisfaction]),
      approve('unit_head'),
      acknowledge('department', [KEY.satisfaction]),
    );
    given(atFinance)
      .when(decideWaiver('department', [KEY.goal], true))
      .thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('“主管部门”环节无权豁免阻断性问题'));
    given(atFinance)
      .when(approve('department'))
      .thenState((state) => expect(state).toMatchObject({ currentLevel: 'finance' }));
    const finance = play(
      openReview({ ...BLOCKING_WITH_REQUESTS, chain }),
      acknowledge('unit_head', [KEY.satisfaction]),
      approve('unit_head'),
      acknowledge('department', [KEY.satisfaction]),
      approve('department'),
    );
    given(finance)
      .when(decideWaiver('finance', BOTH, true))
      .thenState((state) =>
        expect(state.status !== 'none' && state.findings.map((f) => f.waiver?.status ?? null)).toEqual(['granted', 'granted', null]),
      );
  });

  it('can be decided by a unit head configured to waive', () => {
    const chain = [signOffLevel('unit_head', { mayWaive: true }), signOffLevel('finance')];
    given(play(openReview({ findings: [B_GOAL], waiverRequests: [{ ruleId: 'S01', reason: '按文件执行' }], chain })))
      .when(decideWaiver('unit_head', [KEY.goal], true))
      .thenState((state) => expect(state.status !== 'none' && state.findings[0]?.waiver?.status).toBe('granted'));
  });

  it('refuses to decide a waiver nobody requested (a history written by hand, not by this decider)', () => {
    const [opened, ...rest] = WITH_WAIVERS.department;
    if (opened?.type !== 'ReviewOpened') throw new Error('fixture');
    given([{ ...opened, data: { ...opened.data, waiverRequests: [] } }, ...rest])
      .when(decideWaiver('department', [KEY.value], true))
      .thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toBe('单位未申请豁免“V01@indicators[1].annualTarget”'));
  });

  it('keeps findings of the same rule on other fields apart', () => {
    const other = { ...B_VALUE, field: 'indicators[2].annualTarget' };
    given(play(openReview({ findings: [B_VALUE, other], waiverRequests: [{ ruleId: 'V01', reason: '待下达' }] }), approve('unit_head')))
      .when(decideWaiver('department', [KEY.value], true))
      .thenState((state) =>
        expect(state.status !== 'none' && state.findings.map((f) => [f.key, f.waiver?.status])).toEqual([
          [KEY.value, 'granted'],
          ['V01@indicators[2].annualTarget', 'requested'],
        ]),
      );
  });
});
