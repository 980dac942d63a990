import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { type Actor, DomainError, mayRead } from '@budget/domain';
import { type DepartmentInfo, OrganisationDirectory } from '../../infrastructure/organisation-directory';
import { GetDepartmentQuery, ListDepartmentsQuery } from './read-departments.queries';

/** The department as the caller may see it: whole, or only the caller's own unit of it, or nothing (null). */
export function visiblePart(actor: Actor, department: DepartmentInfo): DepartmentInfo | null {
  if (mayRead(actor, { departmentId: department.departmentId })) return department;
  const own = department.units.filter((u) => u.unitId === actor.unitId && mayRead(actor, { departmentId: department.departmentId, unitId: u.unitId }));
  return own.length > 0 ? { ...department, units: own } : null;
}

@QueryHandler(ListDepartmentsQuery)
export class ListDepartmentsHandler implements IQueryHandler<ListDepartmentsQuery> {
  constructor(private readonly directory: OrganisationDirectory) {}

  async execute({ actor }: ListDepartmentsQuery): Promise<{ items: DepartmentInfo[] }> {
    const all = await this.directory.allDepartments();
    return { items: all.map((d) => visiblePart(actor, d)).filter((d) => d !== null) };
  }
}

@QueryHandler(GetDepartmentQuery)
export class GetDepartmentHandler implements IQueryHandler<GetDepartmentQuery> {
  constructor(private readonly directory: OrganisationDirectory) {}

  async execute({ actor, departmentId }: GetDepartmentQuery): Promise<DepartmentInfo> {
    const department = await this.directory.department(departmentId);
    if (!department) throw new DomainError('NOT_FOUND', '部门不存在');
    const visible = visiblePart(actor, department);
    if (!visible) throw new DomainError('FORBIDDEN', '您无权查看该部门');
    return visible;
  }
}
