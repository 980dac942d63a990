import { type Actor, DomainError } from '@budget/domain';
import { type OrganisationDirectory, type UnitInfo } from '../../infrastructure/organisation-directory';

/** The unit the caller fills for: a clerk's own; a department reviewer one of their department's; an admin any. */
export async function templateUnit(directory: OrganisationDirectory, actor: Actor, requested: string | undefined): Promise<UnitInfo> {
  if (actor.role === 'unit_clerk') {
    if (requested !== undefined && requested !== actor.unitId) throw new DomainError('FORBIDDEN', '填报人只能下载和上传本单位的填报模板');
    const own = actor.unitId ? await directory.unit(actor.unitId) : null;
    if (!own) throw new DomainError('FORBIDDEN', '您的账号没有所属的资金使用单位');
    return own;
  }
  if (requested === undefined) {
    throw new DomainError('VALIDATION_FAILED', '输入有误，请按提示修改', { fieldErrors: [{ field: 'unitId', message: '请指定资金使用单位' }] });
  }
  const unit = await directory.unit(requested);
  if (!unit || (actor.role === 'department_reviewer' && actor.departmentId !== unit.departmentId)) {
    throw new DomainError('FORBIDDEN', '只能下载和上传本部门单位的填报模板');
  }
  return unit;
}
