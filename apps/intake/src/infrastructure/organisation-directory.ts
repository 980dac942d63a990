import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type DepartmentState } from '@budget/domain';
import type { EventStoreTransaction } from '@budget/event-store';
import { uuidFromNames } from '@budget/platform';
import { Repository } from 'typeorm';
import { DepartmentRow, UnitRow } from './entities';

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

/** The departments/units read model, written in the transaction of the department stream's append. */
export async function writeDepartmentRows(tx: EventStoreTransaction, state: DepartmentState, version: number, at: string): Promise<void> {
  if (state.status !== 'registered') return;
  await tx.query(
    `INSERT INTO departments (department_id, name, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (department_id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
    [state.departmentId, state.name, version, at],
  );
  for (const unit of state.units) {
    await tx.query(
      `INSERT INTO units (unit_id, department_id, name, position) VALUES ($1, $2, $3, $4)
       ON CONFLICT (unit_id) DO UPDATE SET name = EXCLUDED.name, position = EXCLUDED.position`,
      [unit.unitId, state.departmentId, unit.name, unit.position],
    );
  }
}

const unitInfo = (u: UnitRow): UnitInfo => ({ unitId: u.unitId, departmentId: u.departmentId, name: u.name, position: u.position });

/** The queries of the departments/units read model. */
@Injectable()
export class OrganisationDirectory {
  constructor(
    @InjectRepository(DepartmentRow) private readonly departments: Repository<DepartmentRow>,
    @InjectRepository(UnitRow) private readonly units: Repository<UnitRow>,
  ) {}

  async unit(unitId: string): Promise<UnitInfo | null> {
    const row = await this.units.findOneBy({ unitId });
    return row ? unitInfo(row) : null;
  }

  async department(departmentId: string): Promise<DepartmentInfo | null> {
    const row = await this.departments.findOneBy({ departmentId });
    if (!row) return null;
    const units = await this.units.find({ where: { departmentId }, order: { position: 'ASC' } });
    return { departmentId: row.departmentId, name: row.name, version: row.version, units: units.map(unitInfo) };
  }

  /** Every department by name, each with its units in order. */
  async allDepartments(): Promise<DepartmentInfo[]> {
    const rows = await this.departments.find({ order: { name: 'ASC' } });
    const units = await this.units.find({ order: { position: 'ASC' } });
    return rows.map((d) => ({
      departmentId: d.departmentId,
      name: d.name,
      version: d.version,
      units: units.filter((u) => u.departmentId === d.departmentId).map(unitInfo),
    }));
  }
}
