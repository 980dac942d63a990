import { type Actor, DomainError, type ParsedPublishedTable } from '@budget/domain';
import { type ImportSource, type ImportWorkLimits, readTableSource } from '@budget/table-files';
import { departmentIdFor } from '../../infrastructure/organisation-directory';

/**
 * Reads the table within the limits, deciding first, from the rows before its header, whether
 * the caller may import it at all: a department reviewer's request for another department's
 * table is refused before its body is read.
 */
export function readTable(actor: Actor, source: ImportSource, limits: ImportWorkLimits): ParsedPublishedTable {
  return readTableSource(source, limits, (departmentName) => authorizeDepartment(actor, departmentName));
}

export function authorizeDepartment(actor: Actor, departmentName: string | null): void {
  if (actor.role !== 'department_reviewer') return;
  if (departmentName === null) {
    throw new DomainError('VALIDATION_FAILED', '不是项目支出绩效目标表：表头之前缺少“部门名称：…”行', { line: null });
  }
  if (actor.departmentId !== departmentIdFor(departmentName.trim())) {
    throw new DomainError('FORBIDDEN', `您只能导入本部门的绩效目标表，该表属于“${departmentName}”`);
  }
}
