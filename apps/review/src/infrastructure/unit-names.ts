import { Inject, Injectable } from '@nestjs/common';
import { REVIEW_DB, type Sql } from './database';

/** The names of units, copied from intake's department events, for the notifications' texts. */
@Injectable()
export class UnitNames {
  constructor(@Inject(REVIEW_DB) private readonly db: Sql) {}

  async save(tx: Sql, unit: { readonly unitId: string; readonly departmentId: string; readonly name: string }): Promise<void> {
    await tx.query(
      `INSERT INTO unit_names (unit_id, department_id, name) VALUES ($1, $2, $3)
       ON CONFLICT (unit_id) DO UPDATE SET name = EXCLUDED.name`,
      [unit.unitId, unit.departmentId, unit.name],
    );
  }

  async nameOf(unitId: string, tx: Sql = this.db): Promise<string | undefined> {
    const { rows } = await tx.query<{ name: string }>('SELECT name FROM unit_names WHERE unit_id = $1', [unitId]);
    return rows[0]?.name;
  }
}
