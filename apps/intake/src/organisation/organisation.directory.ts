import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { uuidFromNames } from '@budget/platform';
import { DepartmentRow, UnitRow } from '../infrastructure/entities';

export interface UnitInfo {
  readonly unitId: string;
  readonly departmentId: string;
  readonly name: string;
  readonly position: number;
}

export interface DepartmentInfo {
  readonly departmentId: string;
  readonly name: string;
  readonly version: number;
  readonly units: readonly UnitInfo[];
}

/** Ids follow from names, so registering or importing the same organisation twice finds the same ids. */
export const departmentIdFor = (name: string): string => uuidFromNames('department', name);
export const unitIdFor = (departmentId: string, name: string): string => uuidFromNames('unit', departmentId, name);

@Injectable()
export class OrganisationDirectory {
  constructor(
    @InjectRepository(DepartmentRow) private readonly departments: Repository<DepartmentRow>,
    @InjectRepository(UnitRow) private readonly units: Repository<UnitRow>,
  ) {}

  async unit(unitId: string): Promise<UnitInfo | null> {
    const row = await this.units.findOneBy({ unitId });
    return row ? { unitId: row.unitId, departmentId: row.departmentId, name: row.name, position: row.position } : null;
  }

  async department(departmentId: string): Promise<DepartmentInfo | null> {
    const row = await this.departments.findOneBy({ departmentId });
    if (!row) return null;
    const units = await this.units.find({ where: { departmentId }, order: { position: 'ASC' } });
    return {
      departmentId: row.departmentId,
      name: row.name,
      version: row.version,
      units: units.map((u) => ({ unitId: u.unitId, departmentId: u.departmentId, name: u.name, position: u.position })),
    };
  }

  async departmentByName(name: string): Promise<DepartmentInfo | null> {
    const row = await this.departments.findOneBy({ name });
    return row ? this.department(row.departmentId) : null;
  }

  async allDepartments(): Promise<DepartmentInfo[]> {
    const rows = await this.departments.find({ order: { name: 'ASC' } });
    const units = await this.units.find({ order: { position: 'ASC' } });
    return rows.map((d) => ({
      departmentId: d.departmentId,
      name: d.name,
      version: d.version,
      units: units.filter((u) => u.departmentId === d.departmentId).map((u) => ({ unitId: u.unitId, departmentId: u.departmentId, name: u.name, position: u.position })),
    }));
  }
}
