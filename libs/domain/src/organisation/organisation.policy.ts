import { type Actor } from '../events/envelope';
import { allow, deny, type PolicyDecision } from '../core/policy';
import { type RegisteredDepartment } from './organisation.types';

export function mayRegisterDepartment(actor: Actor): PolicyDecision {
  return actor.role === 'admin' ? allow : deny('只有系统管理员可以登记部门');
}

export function mayAddUnit(actor: Actor, department: RegisteredDepartment): PolicyDecision {
  if (actor.role === 'admin') return allow;
  if (actor.role === 'department_reviewer' && actor.departmentId === department.departmentId) return allow;
  return deny('只有系统管理员或本部门审核人可以添加单位');
}

export function mayRenameUnit(actor: Actor): PolicyDecision {
  return actor.role === 'admin' ? allow : deny('只有系统管理员可以修改单位名称');
}
