import { Query } from '@nestjs/cqrs';
import type { Actor } from '@budget/domain';
import type { DepartmentInfo } from '../../infrastructure/organisation-directory';

/** The departments the caller may read; a unit's people see their own unit of it. */
export class ListDepartmentsQuery extends Query<{ items: DepartmentInfo[] }> {
  constructor(readonly actor: Actor) {
    super();
  }
}

export class GetDepartmentQuery extends Query<DepartmentInfo> {
  constructor(
    readonly actor: Actor,
    readonly departmentId: string,
  ) {
    super();
  }
}
