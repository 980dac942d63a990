import { departmentStreamId, mayRegisterDepartment } from '@budget/domain';
import { departmentIdFor } from '../../infrastructure/organisation-directory';
import { admin, ctx, deptReviewer, given } from '../../testing/intake-scenario';
import { rolesAllowedBy, routeRoles } from '../../testing/route-roles';
import { RegisterDepartmentCommand } from './register-department.command';
import { RegisterDepartmentController } from './register-department.controller';
import { RegisterDepartmentHandler } from './register-department.handler';

const NAME = '中国共产党广州市荔湾区委员会组织部';

describe('register-department', () => {
  it('the route admits the roles mayRegisterDepartment allows', () => {
    expect(routeRoles(RegisterDepartmentController, 'register')).toEqual(rolesAllowedBy((actor) => mayRegisterDepartment(actor)));
  });

  it('given nothing, when the admin registers a department, then it exists under the id its trimmed name gives', async () => {
    const scenario = await given();
    const department = await new RegisterDepartmentHandler(scenario.departments).execute(new RegisterDepartmentCommand(ctx(admin), `  ${NAME} `));
    expect(department).toEqual({ departmentId: departmentIdFor(NAME), name: NAME, version: 1, units: [] });
    // The departments read model is written in the append's transaction.
    expect(scenario.store.statements.map((s) => s.sql.trim().split(/\s+/).slice(0, 3).join(' '))).toEqual(['INSERT INTO departments']);
  });

  it('a name registered before is refused with its id, and nothing is appended', async () => {
    const scenario = await given();
    const handler = new RegisterDepartmentHandler(scenario.departments);
    await handler.execute(new RegisterDepartmentCommand(ctx(admin), NAME));
    await expect(handler.execute(new RegisterDepartmentCommand(ctx(admin), NAME))).rejects.toMatchObject({
      code: 'ALREADY_EXISTS',
      message: `部门“${NAME}”已登记`,
      details: { departmentId: departmentIdFor(NAME) },
    });
    expect(await scenario.store.streamVersion(departmentStreamId(departmentIdFor(NAME)))).toBe(1);
  });

  it('refuses anyone but the admin (the domain’s policy)', async () => {
    const scenario = await given();
    await expect(new RegisterDepartmentHandler(scenario.departments).execute(new RegisterDepartmentCommand(ctx(deptReviewer), NAME))).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: '只有系统管理员可以登记部门',
    });
    expect(await scenario.store.streamVersion(departmentStreamId(departmentIdFor(NAME)))).toBe(0);
  });
});
