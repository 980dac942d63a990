import { foldSheet } from './sheet.decider';
import { type SheetCommand } from './sheet.types';
import { validateSheetCommand } from './sheet.validation';
import { cmd, createDraft, deptReviewer, financeReviewer, HISTORIES, IND_1, system } from './testing/sheet-fixtures';

const draft = foldSheet(HISTORIES.draft);
const errorsOf = (command: SheetCommand) => validateSheetCommand(command, draft);

describe('validateSheetCommand', () => {
  it('accepts the fixture commands', () => {
    expect(validateSheetCommand(createDraft(), foldSheet([]))).toEqual([]);
    expect(errorsOf(cmd('SubmitSheet', {}))).toEqual([]);
  });

  describe('ids', () => {
    it('must be non-empty and at most 100 characters', () => {
      expect(validateSheetCommand(createDraft({ departmentId: '  ', unitId: 'u'.repeat(101) }), foldSheet([]))).toEqual([
        { field: 'departmentId', message: '部门编号不能为空' },
        { field: 'unitId', message: '单位编号不能超过100个字符' },
      ]);
      expect(validateSheetCommand(createDraft({ unitId: 'u'.repeat(100) }), foldSheet([]))).toEqual([]);
      expect(errorsOf(cmd('AddIndicator', { ...IND_1, indicatorId: '' }))).toEqual([
        { field: 'indicators[3].indicatorId', message: '指标编号不能为空' },
      ]);
      expect(errorsOf(cmd('StartReview', { reviewId: '', submissionNo: 1 }, system))).toEqual([
        { field: 'reviewId', message: '审核编号不能为空' },
      ]);
    });
  });

  describe('fiscal year', () => {
    it.each([2000, 2025, 2100])('accepts %i', (fiscalYear) => {
      expect(validateSheetCommand(createDraft({ fiscalYear }), foldSheet([]))).toEqual([]);
    });

    it.each([
      [1999, '预算年度必须在2000到2100之间'],
      [2101, '预算年度必须在2000到2100之间'],
      [2025.5, '预算年度必须是整数'],
      ['2025', '预算年度必须是整数'],
    ])('refuses %p', (fiscalYear, message) => {
      expect(validateSheetCommand(createDraft({ fiscalYear: fiscalYear as number }), foldSheet([]))).toEqual([
        { field: 'fiscalYear', message },
      ]);
    });
  });

  describe('values a JSON body may carry', () => {
    it('refuses non-text where text is expected', () => {
      expect(errorsOf(cmd('RenameProject', { projectName: 42 as unknown as string }))).toEqual([
        { field: 'projectName', message: '项目名称必须是文本' },
      ]);
      expect(errorsOf(cmd('ChangeGoal', { goal: null as unknown as string }))).toEqual([{ field: 'goal', message: '绩效目标必须是文本' }]);
      expect(errorsOf(cmd('ChangeIndicator', { indicatorId: 'ind-1', changes: { annualTarget: 100 as unknown as string } }))).toEqual([
        { field: 'indicators[0].annualTarget', message: '年度指标值必须是文本' },
      ]);
    });

    it('refuses a missing funding object and non-list indicators', () => {
      expect(errorsOf(cmd('ChangeFunding', { funding: null as never }))).toEqual([{ field: 'funding', message: '资金数额不能为空' }]);
      expect(validateSheetCommand(createDraft({ indicators: {} as never }), foldSheet([]))).toEqual([
        { field: 'indicators', message: '绩效指标必须是列表' },
      ]);
      expect(errorsOf(cmd('ReorderIndicators', { indicatorIds: 'ind-1' as never }))).toEqual([
        { field: 'indicatorIds', message: '指标顺序必须是列表' },
      ]);
      expect(errorsOf(cmd('ChangeIndicator', { indicatorId: 'ind-1', changes: null as never }))).toEqual([
        { field: 'changes', message: '修改内容无效' },
      ]);
    });

    it('refuses more than 100 indicators on creation', () => {
      const indicators = Array.from({ length: 101 }, (_, k) => ({ ...IND_1, indicatorId: `ind-${k}` }));
      expect(validateSheetCommand(createDraft({ indicators }), foldSheet([]))).toEqual([
        { field: 'indicators', message: '绩效指标不能超过100个' },
      ]);
      expect(validateSheetCommand(createDraft({ indicators: indicators.slice(1) }), foldSheet([]))).toEqual([]);
    });
  });

  describe('waiver requests', () => {
    it('are unique per rule and field', () => {
      expect(
        errorsOf(
          cmd('SubmitSheet', {
            waiverRequests: [
              { ruleId: 'S01', reason: '理由一' },
              { ruleId: 'S03', field: 'indicators[0].level1', reason: '理由二' },
              { ruleId: 'S03', field: 'indicators[1].level1', reason: '理由三' },
              { ruleId: 'S01', reason: '理由四' },
            ],
          }),
        ),
      ).toEqual([{ field: 'waiverRequests[3]', message: '同一规则和字段的豁免申请重复' }]);
    });

    it('need a rule id and a reason', () => {
      expect(errorsOf(cmd('SubmitSheet', { waiverRequests: [{ ruleId: '', reason: '' }] }))).toEqual([
        { field: 'waiverRequests[0].ruleId', message: '规则编号不能为空' },
        { field: 'waiverRequests[0].reason', message: '豁免理由不能为空' },
      ]);
    });

    it('are at most 100', () => {
      const waiverRequests = Array.from({ length: 101 }, (_, k) => ({ ruleId: `R${k}`, reason: '理由' }));
      expect(errorsOf(cmd('SubmitSheet', { waiverRequests }))).toEqual([
        { field: 'waiverRequests', message: '豁免申请不能超过100项' },
      ]);
    });
  });

  describe('review decisions', () => {
    const underReview = foldSheet(HISTORIES.under_review);

    it('checks round, reasons and comments of a revision request', () => {
      expect(
        validateSheetCommand(
          cmd(
            'RequestRevision',
            { reviewId: 'review-1', round: 0, reasons: [{ message: '' }, { field: 'f'.repeat(201), message: '请修改' }], comments: 'c'.repeat(5001) },
            deptReviewer,
          ),
          underReview,
        ),
      ).toEqual([
        { field: 'round', message: '退回轮次必须是正整数' },
        { field: 'reasons[0].message', message: '退回理由不能为空' },
        { field: 'reasons[1].field', message: '字段不能超过200个字符' },
        { field: 'comments', message: '审核意见不能超过5000个字符' },
      ]);
    });

    it('allows only 差 or no grade on rejection', () => {
      expect(
        validateSheetCommand(cmd('RejectSheet', { reviewId: 'review-1', grade: '中' as '差', reason: '理由' }, financeReviewer), underReview),
      ).toEqual([{ field: 'grade', message: '不予通过的评级只能是“差”或不评级' }]);
    });

    it('needs a positive submission number to start a review', () => {
      expect(errorsOf(cmd('StartReview', { reviewId: 'review-1', submissionNo: 0 }, system))).toEqual([
        { field: 'submissionNo', message: '报送次数必须是正整数' },
      ]);
    });

    it('bounds the withdrawal reason', () => {
      expect(errorsOf(cmd('WithdrawSubmission', { reason: 'r'.repeat(2001) }))).toEqual([
        { field: 'reason', message: '撤回原因不能超过2000个字符' },
      ]);
    });
  });
});
