import { ROLES, type Role } from '@budget/domain';
import { CliError, tokenFor } from '../http-client';

/** Prints a development token: npm run token -- --role unit_clerk --unit <id> --department <id> [--user <id>] */
export function token(flags: Map<string, string | true>): number {
  const role = flags.get('role');
  if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role) || role === 'system') {
    throw new CliError(`--role must be one of ${ROLES.filter((r) => r !== 'system').join(', ')}`, 2);
  }
  const str = (k: string): string | undefined => (typeof flags.get(k) === 'string' ? (flags.get(k) as string) : undefined);
  const unitId = str('unit');
  const departmentId = str('department');
  const name = str('name');
  const t = tokenFor({
    id: str('user') ?? `dev-${role}`,
    role: role as Role,
    ...(unitId ? { unitId } : {}),
    ...(departmentId ? { departmentId } : {}),
    ...(name ? { name } : {}),
  });
  console.log(t);
  return 0;
}
