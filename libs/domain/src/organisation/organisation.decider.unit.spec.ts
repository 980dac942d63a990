import { type Actor, type CommandMetadata } from '../events/envelope';
import { deciderSpec } from '../testing/given-when-then';
import { departmentDecider, departmentStreamId, foldDepartment } from './organisation.decider';
import { type DepartmentCommand, type DepartmentEvent } from './organisation.types';

const given = deciderSpec(departmentDecider);

const DEPT = 'dept-zzb';
const admin: Actor = { id: 'admin-1', role: 'admin' };
const reviewer: Actor = { id: 'dept-1', role: 'department_reviewer', departmentId: DEPT };
const otherReviewer: Actor = { id: 'dept-9', role: 'department_reviewer', departmentId: 'dept-other' };
const clerk: Actor = { id: 'clerk-1', role: 'unit_clerk', departmentId: DEPT, unitId: 'unit-zzb' };

const meta = (actor: Actor): CommandMetadata => ({ now: '2025-01-02T03:04:05.000Z', actor, correlationId: 'corr-1' });
const register = (actor = admin): DepartmentCommand => ({
  type: 'RegisterDepartment',
  data: { departmentId: DEPT, name: '中国共产党广州市荔湾区委员会组织部' },
  metadata: meta(actor),
});
const addUnit = (unitId: string, name: string, actor = admin): DepartmentCommand => ({ type: 'AddUnit', data: { unitId, name }, metadata: meta(actor) });
const renameUnit = (unitId: string, name: string, actor = admin): DepartmentCommand => ({
  type: 'RenameUnit',
  data: { unitId, name },
  metadata: meta(actor),
});

const registered: DepartmentEvent = { type: 'DepartmentRegistered', data: { departmentId: DEPT, name: '中国共产党广州市荔湾区委员会组织部' } };
const unitAdded = (unitId: string, name: string, position: number): DepartmentEvent => ({
  type: 'UnitAdded',
  data: { departmentId: DEPT, unitId, name, position },
});
const WITH_TWO_UNITS = [registered, unitAdded('unit-zzb', '中国共产党广州市荔湾区委员会组织部', 0), unitAdded('unit-dx', '中共广州市荔湾区委党校', 1)];

describe('department stream', () => {
  it('has the stream id department-<id>', () => {
    expect(departmentStreamId('dept-zzb')).toBe('department-dept-zzb');
  });

  describe('RegisterDepartment', () => {
    it('registers a department with no units', () => {
      given([])
        .when(register())
        .thenState((state, events) => {
          expect(events).toEqual([registered]);
          expect(state).toEqual({ status: 'registered', departmentId: DEPT, name: '中国共产党广州市荔湾区委员会组织部', units: [] });
        });
    });

    it('refuses a second registration', () => {
      given([registered]).when(register()).thenThrows('ALREADY_EXISTS');
    });

    it.each([reviewer, clerk])('is for admins only, not $role', (actor) => {
      given([]).when(register(actor)).thenThrows('FORBIDDEN');
    });

    it('needs an id and a name', () => {
      given([])
        .when({ type: 'RegisterDepartment', data: { departmentId: '', name: ' ' }, metadata: meta(admin) })
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([
            { field: 'departmentId', message: '部门编号不能为空' },
            { field: 'name', message: '部门名称不能为空' },
          ]),
        );
    });
  });

  describe('AddUnit', () => {
    it('adds units in order: position is the order of addition', () => {
      given([registered, unitAdded('unit-zzb', '组织部', 0)])
        .when(addUnit('unit-dx', '区委党校'))
        .thenState((state, events) => {
          expect(events).toEqual([unitAdded('unit-dx', '区委党校', 1)]);
          expect(state.status === 'registered' && state.units).toEqual([
            { unitId: 'unit-zzb', name: '组织部', position: 0 },
            { unitId: 'unit-dx', name: '区委党校', position: 1 },
          ]);
        });
    });

    it('may be done by a reviewer of that department', () => {
      given([registered]).when(addUnit('unit-zzb', '组织部', reviewer)).then([unitAdded('unit-zzb', '组织部', 0)]);
    });

    it.each([otherReviewer, clerk])('not by $role $id', (actor) => {
      given([registered]).when(addUnit('unit-zzb', '组织部', actor)).thenThrows('FORBIDDEN');
    });

    it('needs a registered department', () => {
      given([]).when(addUnit('unit-zzb', '组织部')).thenThrows('NOT_FOUND');
    });

    it('refuses an id already used', () => {
      given(WITH_TWO_UNITS).when(addUnit('unit-dx', '另一个单位')).thenThrows('ALREADY_EXISTS');
    });

    it('refuses a name already used in the department, ignoring surrounding spaces', () => {
      given(WITH_TWO_UNITS)
        .when(addUnit('unit-new', ' 中共广州市荔湾区委党校 '))
        .thenThrows('VALIDATION_FAILED', (e) =>
          expect(e.details.fieldErrors).toEqual([{ field: 'name', message: '同一部门内单位名称不能重复' }]),
        );
    });

    it('refuses a name over 200 characters', () => {
      given([registered])
        .when(addUnit('unit-new', '单'.repeat(201)))
        .thenThrows('VALIDATION_FAILED', (e) => expect(e.details.fieldErrors).toEqual([{ field: 'name', message: '单位名称不能超过200个字符' }]));
    });
  });

  describe('RenameUnit', () => {
    it('records the old and new name and keeps the position', () => {
      given(WITH_TWO_UNITS)
        .when(renameUnit('unit-dx', '中共广州市荔湾区委党校（区行政学校）'))
        .thenState((state, events) => {
          expect(events).toEqual([
            {
              type: 'UnitRenamed',
              data: { departmentId: DEPT, unitId: 'unit-dx', before: '中共广州市荔湾区委党校', after: '中共广州市荔湾区委党校（区行政学校）' },
            },
          ]);
          expect(state.status === 'registered' && state.units[1]).toEqual({
            unitId: 'unit-dx',
            name: '中共广州市荔湾区委党校（区行政学校）',
            position: 1,
          });
        });
    });

    it('emits nothing for the same name', () => {
      given(WITH_TWO_UNITS).when(renameUnit('unit-dx', '中共广州市荔湾区委党校')).then([]);
    });

    it('refuses the name of another unit', () => {
      given(WITH_TWO_UNITS).when(renameUnit('unit-dx', '中国共产党广州市荔湾区委员会组织部')).thenThrows('VALIDATION_FAILED');
    });

    it('answers NOT_FOUND for an unknown unit', () => {
      given(WITH_TWO_UNITS).when(renameUnit('unit-x', '新名称')).thenThrows('NOT_FOUND');
    });

    it('is for admins only', () => {
      given(WITH_TWO_UNITS).when(renameUnit('unit-dx', '新名称', reviewer)).thenThrows('FORBIDDEN');
    });
  });

  it('refuses to fold a unit before its department', () => {
    expect(() => foldDepartment([unitAdded('unit-zzb', '组织部', 0)])).toThrow('UnitAdded before DepartmentRegistered');
  });
});
