import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Read side only: rows are written by the command path, in the transaction of the append. */
@Entity({ name: 'departments' })
export class DepartmentRow {
  @PrimaryColumn({ name: 'department_id', type: 'text' }) departmentId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'units' })
export class UnitRow {
  @PrimaryColumn({ name: 'unit_id', type: 'text' }) unitId!: string;
  @Column({ name: 'department_id', type: 'text' }) departmentId!: string;
  @Column({ type: 'text' }) name!: string;
  @Column({ type: 'integer' }) position!: number;
}

@Entity({ name: 'sheets' })
export class SheetRow {
  @PrimaryColumn({ name: 'sheet_id', type: 'text' }) sheetId!: string;
  @Column({ name: 'stream_id', type: 'text' }) streamId!: string;
  @Column({ type: 'integer' }) version!: number;
  @Column({ name: 'department_id', type: 'text' }) departmentId!: string;
  @Column({ name: 'unit_id', type: 'text' }) unitId!: string;
  @Column({ name: 'fiscal_year', type: 'integer' }) fiscalYear!: number;
  @Column({ name: 'project_name', type: 'text' }) projectName!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'total_fen', type: 'bigint' }) totalFen!: string;
  @Column({ type: 'jsonb' }) state!: unknown;
  @Column({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity({ name: 'imports' })
export class ImportRow {
  @PrimaryColumn({ name: 'import_id', type: 'text' }) importId!: string;
  @Column({ name: 'department_id', type: 'text' }) departmentId!: string;
  @Column({ name: 'fiscal_year', type: 'integer' }) fiscalYear!: number;
  @Column({ name: 'content_sha256', type: 'text' }) contentSha256!: string;
  @Column({ type: 'jsonb' }) summary!: unknown;
  @Column({ name: 'imported_by', type: 'text' }) importedBy!: string;
  @Column({ name: 'imported_at', type: 'timestamptz' }) importedAt!: Date;
}

export const ENTITIES = [DepartmentRow, UnitRow, SheetRow, ImportRow];
