import { type Actor } from '../events/envelope';
import { signOffLevel } from './review.chain';
import { foldReview } from './review.decider';
import { FOUR_EYES_MESSAGE } from './review.policy';
import { type ReviewCommand, type ReviewEvent, type SignOffLevel } from './review.types';
import {
  acknowledge,
  approve,
  auditor,
  B_GOAL,
  clerk,
  cmd,
  decideWaiver,
  DEPT,
  deptReviewer,
  financeReviewer,
  financeReviewer2,
  given,
  HISTORIES,
  KEY,
  LEVEL_ACTORS,
  NOW,
  openReview,
  otherDeptReviewer,
  otherUnitHead,
  play,
  READY_TO_GRADE,
  REF,
  system,
  taskOpened,
  UNIT,
  unitHead,
  WARNING_KEYS,
} from './testing/review-fixtures';

const LATER = '2025-03-03T09:15:00.000Z';

describe('sign-off at each level', () => {
  describe('AcknowledgeWarnings', () => {
    it('records the acknowledgement of the level, by whom and when', () => {
      given(HISTORIES.unit_head)
        .when(cmd('AcknowledgeWarnings', { level: 'unit_head', findingKeys: [KEY.satisfaction] }, unitHead, LATER))
        .thenState((state, events) => {
          expect(events).toEqual([
            {
              type: 'WarningsAcknowledged',
              data: { ...REF, level: 'unit_head', findingKeys: [KEY.satisfaction], by: unitHead.id, at: LATER },
            },
          ]);
          expect(state.status !== 'none' && state.findings.map((f) => [f.key, f.acknowledgements])).toEqual([
            [KEY.satisfaction, [{ level: 'unit_head', by: unitHead.id, at: LATER }]],
            [KEY.vocabulary, []],
            [KEY.punctuation, []],
          ]);
          expect(state.status !== 'none' && state.tasks[0]?.acknowledgements).toEqual([
            { findingKeys: [KEY.satisfaction], by: unitHead.id, at: LATER },
          ]);
        });
    });

    it('records only what is new, and nothing for a repeat', () => {
      const history = play(openReview(), acknowledge('unit_head', [KEY.satisfaction]));
      given(history)
        .when(acknowledge('unit_head', [KEY.satisfaction, KEY.vocabulary, KEY.vocabulary]))
        .thenState((_, events) => expect(events[0]?.type === 'WarningsAcknowledged' && events[0].data.findingKeys).toEqual([KEY.vocabulary]));
      given(history).when(acknowledge('unit_head', [KEY.satisfaction])).then([]);
    });

    it('acknowledges warnings only: not an info, not a blocking finding, not an unknown key', () => {
      given(HISTORIES.unit_head)
        .when(acknowledge('unit_head', [KEY.punctuation, 'X99@goal']))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([
            { field: 'findingKeys[0]', message: '只有预警需要确认' },
            { field: 'findingKeys[1]', message: '审核发现不存在' },
          ]),
        );
      given(HISTORIES.unit_head)
        .when(acknowledge('unit_head', []))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'findingKeys', message: '请至少选择一项审核发现' }]));
    });

    it('is per level: the department acknowledges again', () => {
      given(HISTORIES.department)
        .when(approve('department'))
        .thenThrows('ILLEGAL_STATE', (e) => {
          expect(e.message).toBe('尚有2项预警未经本级确认，不能通过');
          expect(e.details).toEqual({ findingKeys: WARNING_KEYS });
        });
    });
  });

  describe('ApproveLevel', () => {
    it('approves the level and opens the next task, due from the approval time', () => {
      given(play(openReview(), acknowledge('unit_head')))
        .when(approve('unit_head', '同意报送', unitHead))
        .then([
          { type: 'LevelApproved', data: { ...REF, level: 'unit_head', comments: '同意报送', by: unitHead.id, at: NOW } },
          taskOpened('department'),
        ]);
      given(play(openReview(), acknowledge('unit_head')))
        .when(cmd('ApproveLevel', { level: 'unit_head', comments: ' ' }, unitHead, LATER))
        .thenState((state, events) => {
          expect(events[0]).toMatchObject({ type: 'LevelApproved', data: { comments: null, at: LATER } });
          expect(state).toMatchObject({ status: 'awaiting_level', currentLevel: 'department', dueAt: '2025-03-06T09:15:00.000Z' });
        });
    });

    it('keeps a per-level history: who, when, decision, comments', () => {
      const state = foldReview(HISTORIES.finance);
      expect(state).toMatchObject({ status: 'awaiting_level', currentLevel: 'finance' });
      expect(state.status !== 'none' && state.tasks.map((t) => [t.level, t.decision])).toEqual([
        ['unit_head', { kind: 'approved', comments: null, grade: null, conditions: null, by: unitHead.id, at: NOW }],
        ['department', { kind: 'approved', comments: null, grade: null, conditions: null, by: deptReviewer.id, at: NOW }],
        ['finance', null],
      ]);
      expect(state.status !== 'none' && state.findings[0]?.acknowledgements.map((a) => a.level)).toEqual(['unit_head', 'department']);
    });

    it('needs every warning acknowledged at this level', () => {
      given(play(openReview(), acknowledge('unit_head', [KEY.satisfaction])))
        .when(approve('unit_head'))
        .thenThrows('ILLEGAL_STATE', (e) => {
          expect(e.message).toBe('尚有1项预警未经本级确认，不能通过');
          expect(e.details).toEqual({ findingKeys: [KEY.vocabulary] });
        });
    });

    it('approves without acknowledgements when there are no warnings', () => {
      given(play(openReview({ findings: [] })))
        .when(approve('unit_head'))
        .thenState((state) => expect(state).toMatchObject({ currentLevel: 'department' }));
    });

    it('is not how the last level decides: it grades', () => {
      given(READY_TO_GRADE)
        .when(approve('finance'))
        .thenThrows('ILLEGAL_STATE', (e) => expect(e.message).toBe('“财政部门”是最后一级审核，须评定等级（优、良、中、差）'));
    });

    it('refuses another level’s turn and a level the chain does not have', () => {
      given(HISTORIES.unit_head)
        .when(approve('department'))
        .thenThrows('ILLEGAL_STATE', (e) => {
          expect(e.message).toBe('当前待“单位负责人”审核，“主管部门”环节不能通过本级审核');
          expect(e.details).toEqual({ currentLevel: 'unit_head', level: 'department' });
        });
      given(play(openReview({ chain: [signOffLevel('department'), signOffLevel('finance')] })))
        .when(approve('unit_head'))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'level', message: '本审核链没有该审核环节' }]));
    });

    it('walks a shorter chain: department first', () => {
      given(play(openReview({ findings: [], chain: [signOffLevel('department', { dueHours: 24 }), signOffLevel('finance')] })))
        .when(approve('department'))
        .thenState((state) => expect(state).toMatchObject({ currentLevel: 'finance', dueAt: '2025-03-05T08:00:00.000Z' }));
    });
  });

  describe('who may act at a level', () => {
    const actions = (level: SignOffLevel, actor: Actor): ReviewCommand[] => [
      cmd('AcknowledgeWarnings', { level, findingKeys: WARNING_KEYS }, actor),
      cmd('ApproveLevel', { level }, actor),
      cmd('RequestRevision', { level, comments: [{ message: '请补充' }] }, actor),
      ...(level === 'finance' ? [cmd('GradeReview', { level, grade: '优' }, actor)] : []),
    ];
    const historyAt: Record<SignOffLevel, readonly ReviewEvent[]> = HISTORIES;

    it('the level’s role only', () => {
      const cases: [SignOffLevel, Actor, string][] = [
        ['unit_head', deptReviewer, '“单位负责人”环节须由单位负责人审核'],
        ['unit_head', clerk, '“单位负责人”环节须由单位负责人审核'],
        ['department', unitHead, '“主管部门”环节须由部门审核人审核'],
        ['department', financeReviewer, '“主管部门”环节须由部门审核人审核'],
        ['finance', deptReviewer, '“财政部门”环节须由财政审核人审核'],
        ['finance', auditor, '“财政部门”环节须由财政审核人审核'],
        ['finance', system, '“财政部门”环节须由财政审核人审核'],
      ];
      for (const [level, actor, message] of cases) {
        for (const command of actions(level, actor)) {
          given(historyAt[level])
            .when(command)
            .thenThrows('FORBIDDEN', (e) => expect(e.message).toBe(message));
        }
      }
    });

    it('of the review’s unit or department; finance from anywhere', () => {
      for (const command of actions('unit_head', otherUnitHead)) {
        given(HISTORIES.unit_head)
          .when(command)
          .thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('只能审核本单位的绩效目标表'));
      }
      for (const command of actions('department', otherDeptReviewer)) {
        given(HISTORIES.department)
          .when(command)
          .thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('只能审核本部门的绩效目标表'));
      }
      given(HISTORIES.finance)
        .when(acknowledge('finance', WARNING_KEYS, financeReviewer2))
        .thenState((state) => expect(state.status !== 'none' && state.findings[0]?.acknowledgements.at(-1)?.by).toBe('fin-2'));
    });

    it('a unit head of another department with the same unit id is refused', () => {
      const stranger: Actor = { id: 'head-x', role: 'unit_head', departmentId: 'dept-other', unitId: UNIT };
      given(HISTORIES.unit_head)
        .when(acknowledge('unit_head', WARNING_KEYS, stranger))
        .thenThrows('FORBIDDEN', (e) => expect(e.message).toBe('只能审核本单位的绩效目标表'));
    });

    describe('four-eyes: nobody signs off what they created, last edited or submitted', () => {
      const authors = { createdBy: 'clerk-1', lastEditedBy: 'clerk-2', submittedBy: 'clerk-3' };
      const cases: [string, keyof typeof authors][] = [
        ['created', 'createdBy'],
        ['last edited', 'lastEditedBy'],
        ['submitted', 'submittedBy'],
      ];
      for (const [what, field] of cases) {
        for (const level of ['unit_head', 'department', 'finance'] as const) {
          it(`${level}: every action is refused to whoever ${what} the sheet`, () => {
            const author = LEVEL_ACTORS[level];
            const open = openReview({ ...authors, [field]: author.id, findings: [B_GOAL, ...openReview().data.findings], waiverRequests: [{ ruleId: 'S01', reason: '按文件执行' }] });
            // Reach the level with other people, then let the author try every action there.
            const substitutes: Record<SignOffLevel, Actor> = {
              unit_head: { ...unitHead, id: 'head-2' },
              department: { id: 'dept-2', role: 'department_reviewer', departmentId: DEPT },
              finance: financeReviewer2,
            };
            const steps: ReviewCommand[] = [open];
            for (const before of ['unit_head', 'department', 'finance'] as const) {
              if (before === level) break;
              steps.push(acknowledge(before, WARNING_KEYS, substitutes[before]));
              if (before === 'department') steps.push(decideWaiver('department', [KEY.goal], true, substitutes.department));
              steps.push(approve(before, undefined, substitutes[before]));
            }
            const history = play(...steps);
            const attempts = [...actions(level, author), ...(level !== 'unit_head' ? [decideWaiver(level, [KEY.goal], true, author)] : [])];
            for (const command of attempts) {
              given(history)
                .when(command)
                .thenThrows('FORBIDDEN', (e) => expect(e.message).toBe(FOUR_EYES_MESSAGE));
            }
          });
        }
      }
    });
  });

  it('walks the default chain from opening to approval', () => {
    const events = play(
      openReview(),
      acknowledge('unit_head'),
      approve('unit_head'),
      acknowledge('department'),
      approve('department', '同意'),
      acknowledge('finance'),
      cmd('GradeReview', { level: 'finance', grade: '良', conditions: '年中报送满意度调查结果' }, financeReviewer),
    );
    expect(events.map((e) => e.type)).toEqual([
      'ReviewOpened',
      'FindingsRecorded',
      'LevelTaskOpened',
      'WarningsAcknowledged',
      'LevelApproved',
      'LevelTaskOpened',
      'WarningsAcknowledged',
      'LevelApproved',
      'LevelTaskOpened',
      'WarningsAcknowledged',
      'ReviewApproved',
    ]);
    for (const event of events) expect(event.data).toMatchObject(REF);
    expect(foldReview(events)).toMatchObject({ status: 'approved', currentLevel: null, dueAt: null, outcome: { grade: '良', level: 'finance' } });
  });
});
