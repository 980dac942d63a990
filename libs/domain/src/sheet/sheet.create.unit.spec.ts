import { type Actor } from '../events/envelope';
import { ZERO_FUNDING } from '../money';
import { targetValue } from '../target-value';
import {
  admin,
  auditor,
  clerk,
  CONTENT,
  createDraft,
  DEPT,
  deptReviewer,
  draftCreated,
  financeReviewer,
  given,
  HISTORIES,
  HISTORY_NAMES,
  otherDeptReviewer,
  otherUnitClerk,
  system,
  UNIT,
  unitHead,
} from './testing/sheet-fixtures';

describe('CreateDraft', () => {
  it('creates a draft with targets parsed beside their text', () => {
    given([]).when(createDraft()).then([draftCreated()]);
  });

  it('keeps target text exactly as entered', () => {
    given([])
      .when(
        createDraft({
          indicators: [
            {
              indicatorId: 'ind-1',
              level1: '1-产出指标',
              level2: '13-时效指标',
              name: '完成时限',
              periodTarget: '年底前 完成',
              annualTarget: ' ≥100人 ',
            },
          ],
        }),
      )
      .thenState((state) => {
        const [only] = state.status === 'draft' ? state.content.indicators : [];
        expect(only?.periodTarget).toEqual(targetValue('年底前 完成'));
        expect(only?.annualTarget.text).toBe(' ≥100人 ');
      });
  });

  it('creates an empty draft: goal and indicators may come later', () => {
    given([])
      .when(createDraft({ goal: undefined, indicators: undefined, funding: ZERO_FUNDING }))
      .then([draftCreated({ goal: '', indicators: [], funding: ZERO_FUNDING })]);
  });

  it('records the import a draft came from', () => {
    given([])
      .when(createDraft({ source: { kind: 'import', importId: 'import-7', line: 12 } }, admin))
      .then([draftCreated({ source: { kind: 'import', importId: 'import-7', line: 12 }, createdBy: admin.id })]);
  });

  it('starts as a draft created and last edited by its creator, never submitted', () => {
    given([])
      .when(createDraft())
      .thenState((state) =>
        expect(state).toEqual({
          status: 'draft',
          content: CONTENT,
          source: null,
          createdBy: clerk.id,
          lastEditedBy: clerk.id,
          submissionNo: 0,
          lastSubmitted: null,
        }),
      );
  });

  it('ignores fields a client sent that the command does not know', () => {
    const command = createDraft();
    const data = { ...command.data, status: 'approved', funding: { ...command.data.funding, total: 1 } };
    given([])
      .when({ ...command, data })
      .then([draftCreated()]);
  });

  it.each(HISTORY_NAMES)('refuses a second draft for the same sheet (%s)', (history) => {
    given(HISTORIES[history]).when(createDraft()).thenThrows('ALREADY_EXISTS');
  });

  describe('who may create', () => {
    it.each<[string, Actor]>([
      ['a clerk of the unit', clerk],
      ['an admin, for any unit', admin],
      ['a reviewer of the unit’s department', deptReviewer],
    ])('%s', (_, actor) => {
      given([]).when(createDraft({}, actor)).then([draftCreated({ createdBy: actor.id })]);
    });

    it('an admin for a unit of another department', () => {
      given([])
        .when(createDraft({ departmentId: 'dept-other', unitId: 'unit-x' }, admin))
        .thenState((state) => expect(state.status).toBe('draft'));
    });

    it.each<[string, Actor]>([
      ['a clerk of another unit', otherUnitClerk],
      ['a clerk claiming another department', { ...clerk, departmentId: 'dept-other' }],
      ['a clerk without a unit', { id: 'clerk-x', role: 'unit_clerk' }],
      ['a reviewer of another department', otherDeptReviewer],
      ['a unit head', unitHead],
      ['a finance reviewer', financeReviewer],
      ['an auditor', auditor],
      ['the system', system],
    ])('not %s', (_, actor) => {
      given([]).when(createDraft({}, actor)).thenThrows('FORBIDDEN');
    });

    it('a clerk whose actor carries no department, for their own unit', () => {
      given([])
        .when(createDraft({}, { id: 'clerk-3', role: 'unit_clerk', unitId: UNIT }))
        .thenState((state) => expect(state.status === 'draft' && state.content.departmentId).toBe(DEPT));
    });
  });

  describe('validation', () => {
    it('reports every bad field at once, with Chinese messages', () => {
      given([])
        .when(
          createDraft(
            {
              sheetId: '',
              fiscalYear: 1999,
              projectName: ' ',
              funding: { fiscalAppropriation: -1, specialAccountAppropriation: 1.5, otherFunds: 0 },
              goal: '目'.repeat(5001),
            },
            admin,
          ),
        )
        .thenThrows('VALIDATION_FAILED', (e) => {
          expect(e.message).toBe('输入有误');
          expect(e.details.fieldErrors).toEqual([
            { field: 'sheetId', message: '绩效目标表编号不能为空' },
            { field: 'fiscalYear', message: '预算年度必须在2000到2100之间' },
            { field: 'projectName', message: '项目名称不能为空' },
            { field: 'funding.fiscalAppropriation', message: '财政拨款不能为负数' },
            { field: 'funding.specialAccountAppropriation', message: '财政专户拨款必须是以分为单位的整数' },
            { field: 'goal', message: '绩效目标不能超过5000个字符' },
          ]);
        });
    });

    it('names the indicator by position', () => {
      given([])
        .when(
          createDraft({
            indicators: [
              { indicatorId: 'ind-1', level1: '1-产出指标', level2: '11-数量指标', name: '甲', periodTarget: '1', annualTarget: '1' },
              { indicatorId: 'ind-1', level1: '1-产出指标', level2: '11-数量指标', name: '乙', periodTarget: '1', annualTarget: '值'.repeat(501) },
            ],
          }),
        )
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([
            { field: 'indicators[1].indicatorId', message: '指标编号重复' },
            { field: 'indicators[1].annualTarget', message: '年度指标值不能超过500个字符' },
          ]),
        );
    });

    it('refuses an import source without its line', () => {
      given([])
        .when(createDraft({ source: { kind: 'import', importId: 'import-7', line: 0 } }, admin))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([{ field: 'source.line', message: '导入行号必须是正整数' }]),
        );
    });

    it('checks authorisation before content', () => {
      given([]).when(createDraft({ projectName: '' }, otherUnitClerk)).thenThrows('FORBIDDEN');
    });
  });
});
