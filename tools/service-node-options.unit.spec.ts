import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..');
const options = JSON.parse(readFileSync(join(ROOT, 'deploy', 'service-node-options.json'), 'utf8')) as Record<string, string[]>;

describe('deploy/service-node-options.json', () => {
  it.each(Object.entries(options))('%s: node accepts the options, and the Kubernetes manifest and the image start the service with them', (service, flags) => {
    expect(() => execFileSync(process.execPath, [...flags, '-e', '0'], { stdio: 'pipe' })).not.toThrow();
    const manifest = readFileSync(join(ROOT, 'deploy', 'kubernetes', 'base', `${service}.yaml`), 'utf8');
    const command = /command:\n((?:\s+- .+\n)+)/.exec(manifest)?.[1]?.split('\n').map((l) => l.trim().replace(/^- /, '')) ?? [];
    expect(command.slice(0, flags.length + 2)).toEqual(['node', ...flags, 'tools/run.js']);
    const cmd = readFileSync(join(ROOT, 'Dockerfile'), 'utf8').match(new RegExp(`^CMD (\\[.*"apps/${service}/src/main\\.js"\\])$`, 'm'))?.[1];
    expect(JSON.parse(cmd ?? '[]')).toEqual(['node', ...flags, 'tools/run.js', `apps/${service}/src/main.js`]);
  });

  it('names services that exist', () => {
    for (const service of Object.keys(options)) expect(readFileSync(join(ROOT, 'apps', service, 'project.json'), 'utf8')).toContain(service);
  });
});
