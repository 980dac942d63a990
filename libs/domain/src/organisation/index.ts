export * from './organisation.types';
export {
  decideDepartment,
  evolveDepartment,
  initialDepartmentState,
  foldDepartment,
  departmentDecider,
  departmentStreamId,
  validateDepartmentCommand,
  MAX_DEPARTMENT_NAME_LENGTH,
  MAX_UNIT_NAME_LENGTH,
} from './organisation.decider';
export { mayRegisterDepartment, mayAddUnit, mayRenameUnit } from './organisation.policy';
export { DEPARTMENT_EVENT_LABELS, DEPARTMENT_FIELD_LABELS } from './organisation.labels';
export { DEPARTMENT_EVENT_SCHEMA_VERSIONS, upcastDepartmentEvent } from './organisation.upcasters';
