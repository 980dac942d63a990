import { NATIONAL_CALENDAR } from '../calendar/national-calendar';
import { calendarWith } from '../calendar/working-days';
import { signOffLevel, validateSignOffChain } from './review.chain';
import { signOffChainText } from './review.labels';
import { type SignOffChain } from './review.types';
import { signOffChainDecider, validateStrictSignOffChain } from './sign-off-chain';
import { deciderSpec } from '../testing/given-when-then';
import { admin, DEPT } from './testing/review-fixtures';
import { cmd, given, openReview, play, REF, unitHead } from './testing/review-fixtures';

const calendar = calendarWith(NATIONAL_CALENDAR);
/** The day before National Day 2025, 10:00 in Beijing. */
const BEFORE_HOLIDAY = '2025-09-30T02:00:00.000Z';
const CHAIN: SignOffChain = [
  { ...signOffLevel('unit_head'), dueWorkingDays: 2 },
  { ...signOffLevel('department'), dueWorkingDays: 3 },
  signOffLevel('finance'),
];

describe('review: due dates of a level in working days', () => {
  it('given a level of 2 working days opened before National Day, when the review opens with the calendar, then the task is due at the end of 10-10', () => {
    given([])
      .when(openReview({ findings: [], chain: CHAIN, calendar }, undefined, BEFORE_HOLIDAY))
      .thenState((_state, events) =>
        expect(events.at(-1)).toEqual({
          type: 'LevelTaskOpened',
          data: {
            ...REF,
            level: 'unit_head',
            role: 'unit_head',
            mayWaive: false,
            openedAt: BEFORE_HOLIDAY,
            dueAt: '2025-10-10T16:00:00.000Z',
            dueDate: '2025-10-10',
            dueWorkingDays: 2,
          },
        }),
      );
  });

  it('given the unit level approved on 10-10, when the department task opens with the calendar, then its 3 working days include the make-up Saturday 10-11', () => {
    const history = play(openReview({ findings: [], chain: CHAIN, calendar }, undefined, BEFORE_HOLIDAY));
    given(history)
      .when(cmd('ApproveLevel', { level: 'unit_head', calendar }, unitHead, '2025-10-10T02:00:00.000Z'))
      .thenState((_s, events) => expect(events[1]?.data).toMatchObject({ level: 'department', dueDate: '2025-10-14', dueAt: '2025-10-14T16:00:00.000Z', dueWorkingDays: 3 }));
  });

  it('given no calendar, or a level without working days, then the due time stays in calendar hours', () => {
    given([])
      .when(openReview({ findings: [], chain: CHAIN }, undefined, BEFORE_HOLIDAY))
      .thenState((_s, events) => {
        expect(events.at(-1)?.data).toMatchObject({ dueAt: '2025-10-03T02:00:00.000Z' });
        expect(events.at(-1)?.data).not.toHaveProperty('dueDate');
      });
    const history = play(openReview({ findings: [], chain: CHAIN, calendar }, undefined, BEFORE_HOLIDAY));
    expect(history.at(-1)?.data).not.toHaveProperty('unknownCalendarYear');
  });

  it('given a due date in a year the calendar has not published, then the task keeps the hours and names the year instead of guessing', () => {
    given([])
      .when(openReview({ findings: [], chain: CHAIN, calendar }, undefined, '2026-12-30T02:00:00.000Z'))
      .thenState((_s, events) => {
        expect(events.at(-1)?.data).toMatchObject({ dueAt: '2027-01-02T02:00:00.000Z', unknownCalendarYear: 2027 });
        expect(events.at(-1)?.data).not.toHaveProperty('dueDate');
      });
  });

  it('validates dueWorkingDays as 1–60 whole working days, and lets the strict chain store it', () => {
    expect(validateSignOffChain([{ ...signOffLevel('finance'), dueWorkingDays: 0 }])).toEqual([
      { field: 'chain[0].dueWorkingDays', message: '办理时限须为1到60之间的整数个工作日' },
    ]);
    expect(validateSignOffChain([{ ...signOffLevel('finance'), dueWorkingDays: 2.5 }])).toHaveLength(1);
    expect(validateStrictSignOffChain(CHAIN)).toEqual([]);
  });

  it('given a department, when admin configures levels in working days, then the chain event keeps dueWorkingDays', () => {
    deciderSpec(signOffChainDecider)([])
      .when({ type: 'ConfigureSignOffChain', data: { departmentId: DEPT, chain: CHAIN }, metadata: { now: BEFORE_HOLIDAY, actor: admin, correlationId: 'c' } })
      .thenState((state) => expect(state.status === 'configured' && state.chain.map((l) => l.dueWorkingDays)).toEqual([2, 3, undefined]));
  });

  it('names the due time of each level in the chain text, in working days where counted', () => {
    expect(signOffChainText(CHAIN)).toBe('单位负责人（2个工作日） → 主管部门（可豁免，3个工作日） → 财政部门（可豁免，72小时）');
  });
});
