import { financeCovers, mayRead, readScopeFilter } from './access';
import { type Actor } from './events/envelope';

const finance: Actor = { id: 'fin-1', role: 'finance_reviewer' };
const desk: Actor = { ...finance, departmentIds: ['dep-1', 'dep-2'] };

describe('access: finance desks', () => {
  it('an unassigned finance reviewer covers every department', () => {
    expect(financeCovers(finance, 'dep-9')).toBe(true);
    expect(mayRead(finance, { departmentId: 'dep-9', unitId: 'u' })).toBe(true);
    expect(readScopeFilter(finance)).toEqual({});
  });

  it('an assigned one reads only the departments of the desk', () => {
    expect(mayRead(desk, { departmentId: 'dep-2' })).toBe(true);
    expect(mayRead(desk, { departmentId: 'dep-3', unitId: 'u' })).toBe(false);
    expect(readScopeFilter(desk)).toEqual({ departmentIds: ['dep-1', 'dep-2'] });
    expect(mayRead({ ...finance, departmentIds: [] }, { departmentId: 'dep-1' })).toBe(false);
  });

  it('auditors and admins keep reading everything; departmentIds means nothing for other roles', () => {
    expect(mayRead({ id: 'a', role: 'auditor', departmentIds: ['x'] }, { departmentId: 'dep-3' })).toBe(true);
    expect(readScopeFilter({ id: 'r', role: 'department_reviewer', departmentId: 'dep-1', departmentIds: ['dep-2'] })).toEqual({ departmentId: 'dep-1' });
  });
});
