import { type DepartmentEventType } from './organisation.types';

/** What each event of a department's registration is called in the department's history. */
export const DEPARTMENT_EVENT_LABELS: Readonly<Record<DepartmentEventType, string>> = {
  DepartmentRegistered: '登记部门',
  UnitAdded: '添加单位',
  UnitRenamed: '单位更名',
};

/** The fields those events change. */
export const DEPARTMENT_FIELD_LABELS = {
  departmentName: '部门名称',
  unit: '单位',
  unitName: '单位名称',
} as const;
