import { departmentStreamId, mayAddUnit, type RegisteredDepartment } from '@budget/domain';
import { departmentIdFor, unitIdFor } from '../../infrastructure/organisation-directory';
import { admin, ctx, given, type IntakeScenario } from '../../testing/intake-scenario';
import { rolesAllowedBy, routeRoles } from '../../testing/route-roles';
import { RegisterDepartmentCommand } from '../register-department/register-department.command';
import { RegisterDepartmentHandler } from '../register-department/register-department.handler';
import { AddUnitCommand } from './add-unit.command';
import { AddUnitController } from './add-unit.controller';
import { AddUnitHandler } from './add-unit.handler';

const NAME = '中共广州市荔湾区委组织部';
const DEPARTMENT = departmentIdFor(NAME);
const reviewer = { id: 'dept-1', role: 'department_reviewer' as const, departmentId: DEPARTMENT };
const stranger = { id: 'dept-9', role: 'department_reviewer' as const, departmentId: 'dept-other' };

async function givenDepartment(): Promise<IntakeScenario> {
  const scenario = await given();
  await new RegisterDepartmentHandler(scenario.departments).execute(new RegisterDepartmentCommand(ctx(admin), NAME));
  return scenario;
}

describe('add-unit', () => {
  it('the route admits the roles mayAddUnit allows', () => {
    const department: RegisteredDepartment = { status: 'registered', departmentId: 'dept-zzb', name: NAME, units: [] };
    expect(routeRoles(AddUnitController, 'addUnit')).toEqual(rolesAllowedBy((actor) => mayAddUnit(actor, department)));
  });

  it('given a department, when its reviewer adds units, then they are listed in order of addition', async () => {
    const scenario = await givenDepartment();
    const handler = new AddUnitHandler(scenario.departments);
    await handler.execute(new AddUnitCommand(ctx(reviewer), DEPARTMENT, '组织部机关'));
    const department = await handler.execute(new AddUnitCommand(ctx(admin), DEPARTMENT, ' 党员教育中心 '));
    expect(department).toMatchObject({ departmentId: DEPARTMENT, version: 3 });
    expect(department.units).toEqual([
      { unitId: unitIdFor(DEPARTMENT, '组织部机关'), departmentId: DEPARTMENT, name: '组织部机关', position: 0 },
      { unitId: unitIdFor(DEPARTMENT, '党员教育中心'), departmentId: DEPARTMENT, name: '党员教育中心', position: 1 },
    ]);
  });

  it('refuses a unit of a name the department has, an unknown department, and a reviewer of another department', async () => {
    const scenario = await givenDepartment();
    const handler = new AddUnitHandler(scenario.departments);
    await handler.execute(new AddUnitCommand(ctx(admin), DEPARTMENT, '组织部机关'));
    await expect(handler.execute(new AddUnitCommand(ctx(admin), DEPARTMENT, '组织部机关 '))).rejects.toMatchObject({ code: 'ALREADY_EXISTS', message: '单位“组织部机关”已存在' });
    await expect(handler.execute(new AddUnitCommand(ctx(admin), 'dept-x', '组织部机关'))).rejects.toMatchObject({ code: 'NOT_FOUND', message: '部门不存在' });
    // The stranger is refused before learning whether the unit exists.
    await expect(handler.execute(new AddUnitCommand(ctx(stranger), DEPARTMENT, '组织部机关'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(handler.execute(new AddUnitCommand(ctx(stranger), DEPARTMENT, '新单位'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await scenario.store.streamVersion(departmentStreamId(DEPARTMENT))).toBe(2);
  });
});
