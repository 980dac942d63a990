import { parseRoleMap } from '../config';
import { InvalidTokenError } from './jwt';
import { actorFromOidcClaims, claimAt, roleOf } from './oidc';

const names = { role: 'realm_access.roles', department: 'org.department', unit: 'unit', financeDepartments: 'desk', name: 'name', subject: 'sub' };
const roleMap = parseRoleMap('DWJBR=unit_clerk,CZSH=finance_reviewer,GLY=admin,SJ=auditor');

describe('the provider’s claims as our actor', () => {
  it('reads nested claims by a dotted name, and a name with a dot of its own first', () => {
    expect(claimAt({ realm_access: { roles: ['a'] } }, 'realm_access.roles')).toEqual(['a']);
    expect(claimAt({ 'https://gov.cn/role': 'x' }, 'https://gov.cn/role')).toBe('x');
    expect(claimAt({ a: 'flat' }, 'a.b')).toBeUndefined();
    expect(claimAt({}, '__proto__.constructor')).toBeUndefined();
  });

  it('maps the provider’s role values, ignoring those of other systems', () => {
    expect(roleOf(['OA_USER', 'DWJBR'], roleMap)).toBe('unit_clerk');
    expect(roleOf('OA_USER GLY', roleMap)).toBe('admin');
    expect(roleOf(['OA_USER'], roleMap)).toBeUndefined();
    expect(roleOf(undefined, roleMap)).toBeUndefined();
    expect(roleOf({ GLY: true }, roleMap)).toBeUndefined();
    expect(roleOf(['GLY', 'GLY'], roleMap)).toBe('admin');
    expect(() => roleOf(['GLY', 'SJ'], roleMap)).toThrow(/多个本系统角色/);
    // Only the map's own keys: not "constructor" or "toString" of every object.
    expect(roleOf(['constructor', 'toString'], roleMap)).toBeUndefined();
  });

  it('makes the actor with the same rules as every token', () => {
    expect(actorFromOidcClaims({ sub: 'u1', name: '张三', realm_access: { roles: ['DWJBR'] }, org: { department: 'd1' }, unit: ['u-1'] }, names, roleMap)).toEqual({
      id: 'u1',
      role: 'unit_clerk',
      departmentId: 'd1',
      unitId: 'u-1',
      name: '张三',
    });
    expect(actorFromOidcClaims({ sub: 'f', realm_access: { roles: ['CZSH'] }, desk: ['d1', 'd2'] }, names, roleMap)).toEqual({ id: 'f', role: 'finance_reviewer', departmentIds: ['d1', 'd2'] });
    expect(actorFromOidcClaims({ sub: 'f', realm_access: { roles: ['CZSH'] } }, names, roleMap)).toEqual({ id: 'f', role: 'finance_reviewer' });
    expect(() => actorFromOidcClaims({ sub: 'f', realm_access: { roles: ['CZSH'] }, desk: 'd1' }, names, roleMap)).toThrow('负责部门');
    expect(() => actorFromOidcClaims({ sub: 'c', realm_access: { roles: ['DWJBR'] }, org: { department: 'd1' } }, names, roleMap)).toThrow('单位用户的登录凭证必须包含单位和部门');
    expect(() => actorFromOidcClaims({ realm_access: { roles: ['GLY'] } }, names, roleMap)).toThrow(InvalidTokenError);
    expect(() => actorFromOidcClaims({ sub: 'x', realm_access: { roles: ['system'] } }, names, parseRoleMap(undefined))).toThrow('没有本系统的角色');
  });
});
