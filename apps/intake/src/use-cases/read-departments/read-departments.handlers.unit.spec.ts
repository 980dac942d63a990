import type { DepartmentInfo } from '../../infrastructure/organisation-directory';
import { admin, clerk, DEPT, deptReviewer, financeReviewer, given, otherDeptReviewer, otherDeskFinance, OTHER_UNIT, UNIT } from '../../testing/intake-scenario';
import { GetDepartmentHandler, ListDepartmentsHandler, visiblePart } from './read-departments.handlers';
import { GetDepartmentQuery, ListDepartmentsQuery } from './read-departments.queries';

const zzb: DepartmentInfo = {
  departmentId: DEPT,
  name: '组织部',
  version: 3,
  units: [
    { unitId: UNIT, departmentId: DEPT, name: '组织部机关', position: 0 },
    { unitId: OTHER_UNIT, departmentId: DEPT, name: '党员教育中心', position: 1 },
  ],
};

describe('read-departments', () => {
  it('shows the whole department within scope, a unit’s people their own unit, others nothing', () => {
    for (const actor of [admin, deptReviewer, financeReviewer]) expect(visiblePart(actor, zzb)).toBe(zzb);
    expect(visiblePart(clerk, zzb)).toEqual({ ...zzb, units: [zzb.units[0]] });
    for (const actor of [otherDeptReviewer, otherDeskFinance]) expect(visiblePart(actor, zzb)).toBeNull();
  });

  it('lists what is visible; a department out of scope is refused by id, an unknown one not found', async () => {
    const { directory } = await given();
    const all = { ...directory, allDepartments: () => Promise.resolve([zzb]), department: (id: string) => Promise.resolve(id === DEPT ? zzb : null) } as typeof directory;
    expect(await new ListDepartmentsHandler(all).execute(new ListDepartmentsQuery(otherDeptReviewer))).toEqual({ items: [] });
    expect((await new ListDepartmentsHandler(all).execute(new ListDepartmentsQuery(clerk))).items[0]?.units).toHaveLength(1);
    await expect(new GetDepartmentHandler(all).execute(new GetDepartmentQuery(otherDeptReviewer, DEPT))).rejects.toMatchObject({ code: 'FORBIDDEN', message: '您无权查看该部门' });
    await expect(new GetDepartmentHandler(all).execute(new GetDepartmentQuery(admin, 'dept-x'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: '部门不存在' });
  });
});
