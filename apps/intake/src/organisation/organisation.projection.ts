import { type DepartmentState } from '@budget/domain';
import type { EventStoreTransaction } from '@budget/event-store';

/** The departments/units read model, written in the transaction of the department stream's append. */
export async function projectDepartment(client: EventStoreTransaction, state: DepartmentState, version: number, at: string): Promise<void> {
  if (state.status !== 'registered') return;
  await client.query(
    `INSERT INTO departments (department_id, name, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)
     ON CONFLICT (department_id) DO UPDATE SET name = EXCLUDED.name, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
    [state.departmentId, state.name, version, at],
  );
  for (const unit of state.units) {
    await client.query(
      `INSERT INTO units (unit_id, department_id, name, position) VALUES ($1, $2, $3, $4)
       ON CONFLICT (unit_id) DO UPDATE SET name = EXCLUDED.name, position = EXCLUDED.position`,
      [unit.unitId, state.departmentId, unit.name, unit.position],
    );
  }
}
