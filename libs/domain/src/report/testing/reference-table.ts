import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** The reference table (test/fixtures first, so tests do not depend on the sibling shared/ folder). */
export function readReferenceTable(): string {
  const name = 'liwan-organization-department.txt';
  let root = __dirname;
  while (!existsSync(path.join(root, 'nx.json')) && path.dirname(root) !== root) root = path.dirname(root);
  const shared = process.env['BUDGET_SHARED_DIR'];
  const candidates = [
    path.join(root, 'test', 'fixtures', name),
    ...(shared ? [path.join(shared, 'fixtures', name)] : []),
    path.join(root, '..', 'shared', 'fixtures', name),
  ];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`reference table not found in: ${candidates.join(', ')}`);
  return readFileSync(found, 'utf8');
}
