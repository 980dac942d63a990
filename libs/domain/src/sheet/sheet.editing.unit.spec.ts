import { type Actor } from '../events/envelope';
import { targetValue } from '../target-value';
import { isOwnWork } from './sheet.policy';
import { type SheetEvent } from './sheet.types';
import {
  admin,
  clerk,
  cmd,
  colleague,
  CONTENT,
  deptReviewer,
  draftCreated,
  financeReviewer,
  FUNDING,
  given,
  HISTORIES,
  IND_1,
  IND_2,
  IND_3,
  indicator,
  otherUnitClerk,
  SHEET_ID,
  unitHead,
} from './testing/sheet-fixtures';

const DRAFT: readonly SheetEvent[] = HISTORIES.draft;
const NEW_INDICATOR = {
  indicatorId: 'ind-4',
  level1: '3-满意度指标',
  level2: '31-服务对象满意度',
  name: '党员满意度',
  periodTarget: '≥90%',
  annualTarget: '≥90%',
};

describe('editing a draft', () => {
  describe('RenameProject', () => {
    it('records the old and the new name', () => {
      given(DRAFT)
        .when(cmd('RenameProject', { projectName: '党内关爱帮扶经费' }, colleague))
        .then([
          {
            type: 'DraftProjectRenamed',
            data: { sheetId: SHEET_ID, before: CONTENT.projectName, after: '党内关爱帮扶经费', editedBy: colleague.id },
          },
        ]);
    });

    it('emits nothing for the same name', () => {
      given(DRAFT).when(cmd('RenameProject', { projectName: CONTENT.projectName })).then([]);
    });

    it('refuses an empty or too long name', () => {
      given(DRAFT)
        .when(cmd('RenameProject', { projectName: '' }))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'projectName', message: '项目名称不能为空' }]));
      given(DRAFT)
        .when(cmd('RenameProject', { projectName: '名'.repeat(201) }))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([{ field: 'projectName', message: '项目名称不能超过200个字符' }]),
        );
    });

    it('accepts exactly 200 characters, counting a character outside the BMP as one', () => {
      given(DRAFT)
        .when(cmd('RenameProject', { projectName: '𠀀'.repeat(200) }))
        .thenState((state) => expect(state.status === 'draft' && state.content.projectName).toBe('𠀀'.repeat(200)));
    });
  });

  describe('ChangeFunding', () => {
    const after = { fiscalAppropriation: 25_000_000, specialAccountAppropriation: 5_000_000, otherFunds: 1 };

    it('records before and after in 分', () => {
      given(DRAFT)
        .when(cmd('ChangeFunding', { funding: after }))
        .then([{ type: 'DraftFundingChanged', data: { sheetId: SHEET_ID, before: FUNDING, after, editedBy: clerk.id } }]);
    });

    it('emits nothing for the same amounts', () => {
      given(DRAFT).when(cmd('ChangeFunding', { funding: { ...FUNDING } })).then([]);
    });

    it('refuses amounts that are not exact non-negative 分', () => {
      given(DRAFT)
        .when(
          cmd('ChangeFunding', {
            funding: { fiscalAppropriation: Number.MAX_SAFE_INTEGER + 1, specialAccountAppropriation: Number.NaN, otherFunds: -5 },
          }),
        )
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([
            { field: 'funding.fiscalAppropriation', message: '财政拨款金额过大' },
            { field: 'funding.specialAccountAppropriation', message: '财政专户拨款必须是以分为单位的整数' },
            { field: 'funding.otherFunds', message: '其他资金不能为负数' },
          ]),
        );
    });

    it('refuses amounts whose total is no longer exact', () => {
      const half = Math.floor(Number.MAX_SAFE_INTEGER / 2) + 1;
      given(DRAFT)
        .when(cmd('ChangeFunding', { funding: { fiscalAppropriation: half, specialAccountAppropriation: half, otherFunds: 0 } }))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'funding', message: '资金总计金额过大' }]));
    });
  });

  describe('ChangeGoal', () => {
    it('records before and after', () => {
      given(DRAFT)
        .when(cmd('ChangeGoal', { goal: '新目标' }))
        .then([{ type: 'DraftGoalChanged', data: { sheetId: SHEET_ID, before: CONTENT.goal, after: '新目标', editedBy: clerk.id } }]);
    });

    it('allows clearing the goal in a draft: S01 is the review’s business', () => {
      given(DRAFT)
        .when(cmd('ChangeGoal', { goal: '' }))
        .thenState((state) => expect(state.status === 'draft' && state.content.goal).toBe(''));
    });

    it('emits nothing for the same goal', () => {
      given(DRAFT).when(cmd('ChangeGoal', { goal: CONTENT.goal })).then([]);
    });

    it('refuses more than 5000 characters', () => {
      given(DRAFT).when(cmd('ChangeGoal', { goal: 'x'.repeat(5001) })).thenThrows('VALIDATION_FAILED');
      given(DRAFT)
        .when(cmd('ChangeGoal', { goal: 'x'.repeat(5000) }))
        .thenState((_, events) => expect(events).toHaveLength(1));
    });
  });

  describe('AddIndicator', () => {
    it('appends by default, with parsed targets', () => {
      given(DRAFT)
        .when(cmd('AddIndicator', NEW_INDICATOR))
        .thenState((state, events) => {
          expect(events).toEqual([
            { type: 'DraftIndicatorAdded', data: { sheetId: SHEET_ID, indicator: indicator(NEW_INDICATOR), position: 3, editedBy: clerk.id } },
          ]);
          expect(state.status === 'draft' && state.content.indicators.map((i) => i.indicatorId)).toEqual(['ind-1', 'ind-2', 'ind-3', 'ind-4']);
        });
    });

    it.each([
      [0, ['ind-4', 'ind-1', 'ind-2', 'ind-3']],
      [1, ['ind-1', 'ind-4', 'ind-2', 'ind-3']],
      [3, ['ind-1', 'ind-2', 'ind-3', 'ind-4']],
    ])('inserts at position %i', (position, order) => {
      given(DRAFT)
        .when(cmd('AddIndicator', { ...NEW_INDICATOR, position }))
        .thenState((state) => expect(state.status === 'draft' && state.content.indicators.map((i) => i.indicatorId)).toEqual(order));
    });

    it.each([-1, 4, 1.5])('refuses position %p', (position) => {
      given(DRAFT)
        .when(cmd('AddIndicator', { ...NEW_INDICATOR, position }))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([
            { field: 'position', message: Number.isInteger(position) ? '指标位置必须在0到3之间' : '指标位置必须是整数' },
          ]),
        );
    });

    it('names a bad field by the position it would take', () => {
      given(DRAFT)
        .when(cmd('AddIndicator', { ...NEW_INDICATOR, name: '名'.repeat(101), position: 1 }))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([{ field: 'indicators[1].name', message: '三级指标不能超过100个字符' }]),
        );
    });

    it('refuses an indicator id already used', () => {
      given(DRAFT).when(cmd('AddIndicator', { ...NEW_INDICATOR, indicatorId: 'ind-2' })).thenThrows('ALREADY_EXISTS');
    });

    it('refuses a 101st indicator', () => {
      const hundred = Array.from({ length: 100 }, (_, k) => indicator({ ...IND_1, indicatorId: `ind-${k}` }));
      given([draftCreated({ indicators: hundred })])
        .when(cmd('AddIndicator', { ...NEW_INDICATOR, indicatorId: 'ind-extra' }))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([{ field: 'indicators', message: '绩效指标不能超过100个' }]),
        );
    });

    it('allows empty labels and targets in a draft: S02 and V01 are the review’s business', () => {
      given(DRAFT)
        .when(cmd('AddIndicator', { indicatorId: 'ind-4', level1: '', level2: '', name: '', periodTarget: '', annualTarget: '' }))
        .thenState((_, events) => expect(events).toHaveLength(1));
    });
  });

  describe('ChangeIndicator', () => {
    it('records only the fields that changed, targets re-parsed', () => {
      given(DRAFT)
        .when(cmd('ChangeIndicator', { indicatorId: 'ind-1', changes: { name: IND_1.name, annualTarget: '≥120人' } }))
        .then([
          {
            type: 'DraftIndicatorChanged',
            data: {
              sheetId: SHEET_ID,
              indicatorId: 'ind-1',
              before: { annualTarget: targetValue('≥100人') },
              after: { annualTarget: targetValue('≥120人') },
              editedBy: clerk.id,
            },
          },
        ]);
    });

    it('changes several fields and folds them into the indicator, keeping its place', () => {
      given(DRAFT)
        .when(cmd('ChangeIndicator', { indicatorId: 'ind-2', changes: { level2: '12-质量指标', periodTarget: '≥95%' } }))
        .thenState((state) =>
          expect(state.status === 'draft' && state.content.indicators[1]).toEqual({
            ...indicator(IND_2),
            level2: '12-质量指标',
            periodTarget: targetValue('≥95%'),
          }),
        );
    });

    it('emits nothing when every given field is unchanged', () => {
      given(DRAFT).when(cmd('ChangeIndicator', { indicatorId: 'ind-3', changes: { annualTarget: IND_3.annualTarget } })).then([]);
      given(DRAFT).when(cmd('ChangeIndicator', { indicatorId: 'ind-3', changes: {} })).then([]);
    });

    it('answers NOT_FOUND for an unknown indicator, before looking at the fields', () => {
      given(DRAFT)
        .when(cmd('ChangeIndicator', { indicatorId: 'ind-x', changes: { name: '名'.repeat(101) } }))
        .thenThrows('NOT_FOUND', (e) => expect(e.details).toEqual({ indicatorId: 'ind-x' }));
    });

    it('names a bad field by the indicator’s position', () => {
      given(DRAFT)
        .when(cmd('ChangeIndicator', { indicatorId: 'ind-3', changes: { periodTarget: '值'.repeat(501), level1: '级'.repeat(101) } }))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([
            { field: 'indicators[2].level1', message: '一级指标不能超过100个字符' },
            { field: 'indicators[2].periodTarget', message: '实施周期指标值不能超过500个字符' },
          ]),
        );
    });
  });

  describe('RemoveIndicator', () => {
    it('records the removed indicator and where it stood', () => {
      given(DRAFT)
        .when(cmd('RemoveIndicator', { indicatorId: 'ind-2' }))
        .thenState((state, events) => {
          expect(events).toEqual([
            { type: 'DraftIndicatorRemoved', data: { sheetId: SHEET_ID, indicator: indicator(IND_2), position: 1, editedBy: clerk.id } },
          ]);
          expect(state.status === 'draft' && state.content.indicators.map((i) => i.indicatorId)).toEqual(['ind-1', 'ind-3']);
        });
    });

    it('answers NOT_FOUND for an unknown indicator', () => {
      given(DRAFT).when(cmd('RemoveIndicator', { indicatorId: 'ind-x' })).thenThrows('NOT_FOUND');
    });
  });

  describe('ReorderIndicators', () => {
    it.each([
      [['ind-3', 'ind-2', 'ind-1']],
      [['ind-2', 'ind-1', 'ind-3']],
      [['ind-1', 'ind-3', 'ind-2']],
      [['ind-3', 'ind-1', 'ind-2']],
    ])('accepts the permutation %j', (after) => {
      given(DRAFT)
        .when(cmd('ReorderIndicators', { indicatorIds: after }))
        .thenState((state, events) => {
          expect(events).toEqual([
            { type: 'DraftIndicatorsReordered', data: { sheetId: SHEET_ID, before: ['ind-1', 'ind-2', 'ind-3'], after, editedBy: clerk.id } },
          ]);
          expect(state.status === 'draft' && state.content.indicators.map((i) => i.indicatorId)).toEqual(after);
        });
    });

    it('emits nothing for the current order', () => {
      given(DRAFT).when(cmd('ReorderIndicators', { indicatorIds: ['ind-1', 'ind-2', 'ind-3'] })).then([]);
    });

    it('emits nothing when there is nothing to order', () => {
      given([draftCreated({ indicators: [] })]).when(cmd('ReorderIndicators', { indicatorIds: [] })).then([]);
    });

    it.each([
      ['one missing', ['ind-2', 'ind-1'], ['缺少指标ind-3']],
      ['one repeated', ['ind-1', 'ind-1', 'ind-2', 'ind-3'], ['指标ind-1重复出现']],
      ['a repeat instead of one', ['ind-1', 'ind-1', 'ind-2'], ['指标ind-1重复出现', '缺少指标ind-3']],
      ['an unknown one', ['ind-1', 'ind-2', 'ind-3', 'ind-9'], ['指标ind-9不存在']],
      ['an unknown one instead of one', ['ind-1', 'ind-2', 'ind-9'], ['指标ind-9不存在', '缺少指标ind-3']],
      ['none', [], ['缺少指标ind-1', '缺少指标ind-2', '缺少指标ind-3']],
    ])('refuses a list with %s', (_, indicatorIds, messages) => {
      given(DRAFT)
        .when(cmd('ReorderIndicators', { indicatorIds }))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual(messages.map((message) => ({ field: 'indicatorIds', message }))),
        );
    });
  });

  describe('who may edit', () => {
    const edits = [
      cmd('RenameProject', { projectName: '新名称' }),
      cmd('ChangeFunding', { funding: { ...FUNDING, otherFunds: 1 } }),
      cmd('ChangeGoal', { goal: '新目标' }),
      cmd('AddIndicator', NEW_INDICATOR),
      cmd('ChangeIndicator', { indicatorId: 'ind-1', changes: { name: '新指标' } }),
      cmd('RemoveIndicator', { indicatorId: 'ind-1' }),
      cmd('ReorderIndicators', { indicatorIds: ['ind-3', 'ind-2', 'ind-1'] }),
      cmd('SubmitSheet', {}),
    ];

    it('any clerk of the unit, who then becomes its last editor', () => {
      for (const edit of edits) {
        given(DRAFT)
          .when({ ...edit, metadata: { ...edit.metadata, actor: colleague } })
          .thenState((state, events) => {
            expect(events).toHaveLength(1);
            if (edit.type !== 'SubmitSheet') {
              expect(state.status !== 'empty' && state.lastEditedBy).toBe(colleague.id);
              expect(isOwnWork(colleague, state)).toBe(true);
            }
          });
      }
    });

    it.each<[string, Actor]>([
      ['a clerk of another unit', otherUnitClerk],
      ['an admin', admin],
      ['a department reviewer', deptReviewer],
      ['a unit head', unitHead],
      ['a finance reviewer', financeReviewer],
    ])('not %s', (_, actor) => {
      for (const edit of edits) {
        given(DRAFT)
          .when({ ...edit, metadata: { ...edit.metadata, actor } })
          .thenThrows('FORBIDDEN');
      }
    });

    it('refuses a stranger before telling them the state', () => {
      given(HISTORIES.approved).when(cmd('RenameProject', { projectName: '新名称' }, otherUnitClerk)).thenThrows('FORBIDDEN');
    });

    it('lets the unit answer a revision request, staying in revision_requested until resubmitted', () => {
      given(HISTORIES.revision_requested)
        .when(cmd('ChangeGoal', { goal: '补充后的绩效目标' }))
        .thenState((state) => expect(state).toMatchObject({ status: 'revision_requested', content: { goal: '补充后的绩效目标' } }));
    });
  });

  it('throws a wiring bug, not a domain error, when the command names another sheet', () => {
    const command = cmd('RenameProject', { projectName: '新名称' });
    expect(() =>
      given(DRAFT)
        .when({ ...command, data: { ...command.data, sheetId: 'sheet-other' } })
        .then([]),
    ).toThrow('command for sheet sheet-other decided on sheet sheet-2025-gadm');
  });
});
