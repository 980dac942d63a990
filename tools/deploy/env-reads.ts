import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The repository's root (this file is tools/deploy/env-reads.ts). */
export const ROOT = join(__dirname, '..', '..');

const PATTERNS = [
  // env.NAME, process.env.NAME, env['NAME']
  /\benv(?:\.|\[['"])([A-Z][A-Z0-9_]+)/g,
  // int(env, 'NAME'), bool(env, 'NAME'), positive(env, 'NAME'): the config helpers that take the environment
  /\(\s*env\s*,\s*['"]([A-Z][A-Z0-9_]+)['"]/g,
  // intVar('NAME', …), claim('NAME', …), url('NAME', …): config.ts's and the web config's closures over env
  /\b(?:intVar|claim|url)\(\s*['"]([A-Z][A-Z0-9_]+)['"]/g,
];

function sources(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full).flatMap((name) => {
    const child = join(path, name);
    if (statSync(join(ROOT, child)).isDirectory()) return name === 'testing' ? [] : sources(child);
    return /\.ts$/.test(name) && !/\.spec\.ts$/.test(name) ? [child] : [];
  });
}

/** The environment variables read by the source files under `paths` (files or folders), with where each is read. */
export function envReads(paths: readonly string[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of paths.flatMap(sources)) {
    const text = readFileSync(join(ROOT, file), 'utf8');
    for (const pattern of PATTERNS) {
      for (const match of text.matchAll(pattern)) if (!found.has(match[1]!)) found.set(match[1]!, relative(ROOT, join(ROOT, file)));
    }
  }
  return found;
}

/** What every service process loads: the platform (config, bootstrap, observability) and the one logger. */
const PLATFORM = ['libs/platform/src/config.ts', 'libs/platform/src/bootstrap.ts', 'libs/platform/src/observability', 'libs/messaging/src/logger.ts'];

/** The launcher every container's command is (`node tools/run.js <entry>`): reads BUDGET_SKIP_BUILD. */
const LAUNCHER = 'tools/run.js';

/** Per Deployment of deploy/kubernetes/base, the sources its process runs that read the environment. */
export const SERVICE_SOURCES: Readonly<Record<string, readonly string[]>> = {
  intake: [LAUNCHER, ...PLATFORM, 'apps/intake/src', 'libs/table-files/src'],
  review: [LAUNCHER, ...PLATFORM, 'apps/review/src', 'libs/notifications/src'],
  reporting: [LAUNCHER, ...PLATFORM, 'apps/reporting/src'],
  web: [LAUNCHER, 'libs/platform/src/config.ts', 'libs/messaging/src/logger.ts', 'apps/web/server'],
};
