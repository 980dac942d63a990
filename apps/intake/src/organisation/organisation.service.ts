import { Injectable } from '@nestjs/common';
import { departmentStreamId, DomainError } from '@budget/domain';
import { commandMetadata, type RequestContext } from '../infrastructure/command-context';
import { DepartmentRepository } from '../infrastructure/repositories';
import { type DepartmentInfo, departmentIdFor, OrganisationDirectory, unitIdFor } from './organisation.directory';
import { projectDepartment } from './organisation.projection';

@Injectable()
export class OrganisationService {
  constructor(
    private readonly departments: DepartmentRepository,
    private readonly directory: OrganisationDirectory,
  ) {}

  /** Registers the department unless it exists; returns it and whether it was new. */
  async ensureDepartment(ctx: RequestContext, name: string): Promise<{ department: DepartmentInfo; created: boolean }> {
    const departmentId = departmentIdFor(name.trim());
    const existing = await this.directory.department(departmentId);
    if (existing) return { department: existing, created: false };
    const meta = commandMetadata(ctx);
    await this.departments.execute(departmentStreamId(departmentId), { type: 'RegisterDepartment', data: { departmentId, name: name.trim() }, metadata: meta }, {
      project: (client, state, version) => projectDepartment(client, state, version, meta.now),
    });
    return { department: (await this.directory.department(departmentId))!, created: true };
  }

  /** Adds the unit unless the department already has one of that name. */
  async ensureUnit(ctx: RequestContext, departmentId: string, name: string): Promise<{ unitId: string; created: boolean }> {
    const department = await this.directory.department(departmentId);
    if (!department) throw new DomainError('NOT_FOUND', '部门不存在');
    const existing = department.units.find((u) => u.name === name.trim());
    if (existing) return { unitId: existing.unitId, created: false };
    const unitId = unitIdFor(departmentId, name.trim());
    const meta = commandMetadata(ctx);
    await this.departments.execute(departmentStreamId(departmentId), { type: 'AddUnit', data: { unitId, name: name.trim() }, metadata: meta }, {
      project: (client, state, version) => projectDepartment(client, state, version, meta.now),
    });
    return { unitId, created: true };
  }

  async register(ctx: RequestContext, name: string): Promise<DepartmentInfo> {
    const { department, created } = await this.ensureDepartment(ctx, name);
    if (!created) throw new DomainError('ALREADY_EXISTS', `部门“${department.name}”已登记`, { departmentId: department.departmentId });
    return department;
  }

  async addUnit(ctx: RequestContext, departmentId: string, name: string): Promise<DepartmentInfo> {
    const { created } = await this.ensureUnit(ctx, departmentId, name);
    if (!created) throw new DomainError('ALREADY_EXISTS', `单位“${name.trim()}”已存在`);
    return (await this.directory.department(departmentId))!;
  }
}
