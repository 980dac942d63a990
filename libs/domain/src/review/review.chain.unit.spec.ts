import {
  DEFAULT_SIGN_OFF_CHAIN,
  firstWaivingLevelIndex,
  isLastSignOffLevel,
  nextSignOffLevel,
  signOffLevel,
  validateSignOffChain,
} from './review.chain';

describe('sign-off chain', () => {
  it('defaults to unit head → department → finance, waivers by department and finance, 3/5/5 working days (72 hours without a calendar)', () => {
    expect(DEFAULT_SIGN_OFF_CHAIN).toEqual([
      { level: 'unit_head', role: 'unit_head', mayWaive: false, dueHours: 72, dueWorkingDays: 3 },
      { level: 'department', role: 'department_reviewer', mayWaive: true, dueHours: 72, dueWorkingDays: 5 },
      { level: 'finance', role: 'finance_reviewer', mayWaive: true, dueHours: 72, dueWorkingDays: 5 },
    ]);
    expect(validateSignOffChain(DEFAULT_SIGN_OFF_CHAIN)).toEqual([]);
  });

  it('builds a level with defaults for what is not given', () => {
    expect(signOffLevel('unit_head', { mayWaive: true, dueHours: 24 })).toEqual({ level: 'unit_head', role: 'unit_head', mayWaive: true, dueHours: 24 });
    expect(signOffLevel('finance', { mayWaive: false })).toEqual({ level: 'finance', role: 'finance_reviewer', mayWaive: false, dueHours: 72 });
  });

  it('accepts shorter chains in hierarchy order', () => {
    expect(validateSignOffChain([signOffLevel('finance')])).toEqual([]);
    expect(validateSignOffChain([signOffLevel('unit_head'), signOffLevel('finance')])).toEqual([]);
  });

  it('refuses an empty chain, repeated or out-of-order levels, a role that is not the level’s, bad flags and hours', () => {
    expect(validateSignOffChain([])).toEqual([{ field: 'chain', message: '审核链至少需要一个审核环节' }]);
    expect(validateSignOffChain(null, 'signOffChain')).toEqual([{ field: 'signOffChain', message: '审核链至少需要一个审核环节' }]);
    expect(validateSignOffChain([signOffLevel('department'), signOffLevel('department')])).toEqual([
      { field: 'chain[1].level', message: '审核环节“主管部门”重复' },
    ]);
    expect(validateSignOffChain([signOffLevel('finance'), signOffLevel('unit_head')])).toEqual([
      { field: 'chain[1].level', message: '审核环节须按单位负责人、主管部门、财政部门的顺序排列' },
    ]);
    expect(
      validateSignOffChain([
        { level: 'unit_head', role: 'finance_reviewer', mayWaive: 'yes', dueHours: 0 },
        { level: 'auditor', role: 'auditor', mayWaive: true, dueHours: 2161 },
        { level: 'finance', role: 'finance_reviewer', mayWaive: true, dueHours: 1.5 },
        'finance',
      ]),
    ).toEqual([
      { field: 'chain[0].role', message: '“单位负责人”环节的审核角色须为单位负责人' },
      { field: 'chain[0].mayWaive', message: '是否可以豁免须为是或否' },
      { field: 'chain[0].dueHours', message: '办理时限须为1到2160之间的整数小时' },
      { field: 'chain[1].level', message: '审核环节只能是单位负责人、主管部门或财政部门' },
      { field: 'chain[1].dueHours', message: '办理时限须为1到2160之间的整数小时' },
      { field: 'chain[2].dueHours', message: '办理时限须为1到2160之间的整数小时' },
      { field: 'chain[3]', message: '审核环节无效' },
    ]);
  });

  it('knows the next and the last level and where waiving starts', () => {
    expect(nextSignOffLevel(DEFAULT_SIGN_OFF_CHAIN, 'unit_head')?.level).toBe('department');
    expect(nextSignOffLevel(DEFAULT_SIGN_OFF_CHAIN, 'finance')).toBeNull();
    expect(isLastSignOffLevel(DEFAULT_SIGN_OFF_CHAIN, 'finance')).toBe(true);
    expect(isLastSignOffLevel(DEFAULT_SIGN_OFF_CHAIN, 'department')).toBe(false);
    expect(firstWaivingLevelIndex(DEFAULT_SIGN_OFF_CHAIN)).toBe(1);
    expect(firstWaivingLevelIndex([signOffLevel('unit_head'), signOffLevel('finance', { mayWaive: false })])).toBe(-1);
  });
});
