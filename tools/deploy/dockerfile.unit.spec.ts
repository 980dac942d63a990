import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './env-reads';
import { KUBERNETES, kustomizeResources, type Loose, yamlFile } from './manifests';

// There is no Docker engine where the tests run: the Dockerfile is checked statically against what
// the manifests deploy. Every image budget/<name> a Deployment runs has a final stage <name> whose
// CMD is the Deployment's command and args, on a runtime stage that runs as the Deployments' uid
// with BUDGET_SKIP_BUILD=1 (tools/run.js must not try tsc on a read-only root file system).

type Stage = { name: string; from: string; lines: string[] };

/** The stages of a Dockerfile: FROM … AS name and the instructions up to the next FROM (continuations joined, comments dropped). */
function stages(text: string): Stage[] {
  const lines = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const out: Stage[] = [];
  for (const line of lines) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) out.push({ name: from[2] ?? '', from: from[1]!, lines: [] });
    else out.at(-1)?.lines.push(line);
  }
  return out;
}

/** An instruction's exec-form argument (CMD ["a", "b"]) of a stage or, failing that, of the stage it is built from. */
function inherited(all: Stage[], stage: Stage, instruction: string): string[] {
  const own = stage.lines.filter((l) => l.toUpperCase().startsWith(`${instruction} `));
  const parent = all.find((s) => s.name === stage.from);
  return [...(parent ? inherited(all, parent, instruction) : []), ...own.map((l) => l.slice(instruction.length + 1).trim())];
}

const dockerfile = stages(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const stage = (name: string): Stage | undefined => dockerfile.find((s) => s.name === name);
const base = kustomizeResources(join(KUBERNETES, 'base'));
const ours = base.filter((d) => d.kind === 'Deployment').map((d) => ({ name: d.metadata.name, spec: (d as Loose).spec.template.spec, container: (d as Loose).spec.template.spec.containers[0] }));

describe('Dockerfile: the images the manifests run', () => {
  it('runs a Node.js LTS line (even major, 22 or later), pinned to the release CI tests (scripts/test-image-node.sh)', () => {
    const image = /^ARG NODE_IMAGE=(\S+)$/m.exec(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'))?.[1];
    const version = /^node:(\d+)\.(\d+)\.(\d+)-[a-z-]+$/.exec(image ?? '');
    expect(version).not.toBeNull();
    const major = Number(version![1]);
    expect(major % 2 === 0 && major >= 22).toBe(true);
    // The stages not built on another stage (build and runtime) start from that image.
    expect(dockerfile.filter((s) => stage(s.from) === undefined).map((s) => s.from)).toEqual(['${NODE_IMAGE}', '${NODE_IMAGE}']);
  });

  it('has a final stage for every budget/* image a Deployment runs, and one for nothing else', () => {
    const images = ours.map((d) => /^budget\/([a-z-]+):/.exec(d.container.image as string)?.[1]).filter((x): x is string => x !== undefined);
    expect(images.sort()).toEqual(['intake', 'reporting', 'review', 'web']);
    // A final stage is one no other stage builds on or copies from.
    const used = (s: Stage) => dockerfile.some((o) => o.from === s.name || o.lines.some((l) => l.startsWith(`COPY --from=${s.name} `)));
    const finals = dockerfile.filter((s) => !used(s)).map((s) => s.name);
    expect(finals.sort()).toEqual(images);
  });

  it.each(ours.filter((d) => /^budget\//.test(d.container.image as string)).map((d) => [d.name, d] as const))('%s: CMD is the Deployment command and args, and its entry point has a source', (name, d) => {
    const s = stage(name);
    expect(s).toBeDefined();
    const cmd = inherited(dockerfile, s!, 'CMD').at(-1);
    expect(JSON.parse(cmd!)).toEqual([...(d.container.command as string[]), ...(d.container.args as string[])]);
    const entry = (d.container.args as string[])[0]!;
    expect(existsSync(join(ROOT, entry.replace(/\.js$/, '.ts')))).toBe(true);
    // The image's user is the one the pod's securityContext asks for.
    const user = inherited(dockerfile, s!, 'USER').at(-1);
    expect(user?.split(':')[0]).toBe(String(d.spec.securityContext.runAsUser));
    expect(d.spec.securityContext.runAsNonRoot).toBe(true);
  });

  it('builds in one stage (npm ci, tsc, vite) and runs from another with production dependencies, dist and BUDGET_SKIP_BUILD=1', () => {
    const build = stage('build')!;
    const runtime = stage('runtime')!;
    expect(build.lines.join('\n')).toMatch(/npm ci\b/);
    expect(build.lines.join('\n')).toMatch(/tsc -p tsconfig\.build\.json/);
    expect(build.lines.join('\n')).toMatch(/vite(\.js)? build --config apps\/web\/vite\.config\.mts/);
    expect(runtime.from).not.toBe('build');
    expect(runtime.lines.join('\n')).toMatch(/npm ci --omit=dev/);
    expect(runtime.lines.join('\n')).toMatch(/ENV .*BUDGET_SKIP_BUILD=1/);
    expect(runtime.lines).toContain('COPY tools/run.js tools/run.js');
    for (const dir of ['apps', 'libs']) expect(runtime.lines).toContain(`COPY --from=build /app/dist/${dir} dist/${dir}`);
    expect(runtime.lines.some((l) => /^COPY (apps|libs)\b/.test(l))).toBe(false);
    expect(runtime.lines.at(-1)).toMatch(/^USER 10001/);
    // tools/run.js reads that variable, and skips the build only on exactly "1".
    expect(readFileSync(join(ROOT, 'tools', 'run.js'), 'utf8')).toContain("process.env.BUDGET_SKIP_BUILD === '1'");
  });

  it('puts the screens where the web Deployment says they are (WEB_STATIC_DIR under WORKDIR /app)', () => {
    const web = ours.find((d) => d.name === 'web')!;
    const dir = (web.container.env as Loose[]).find((e) => e.name === 'WEB_STATIC_DIR').value as string;
    expect(inherited(dockerfile, stage('web')!, 'WORKDIR').at(-1)).toBe('/app');
    expect(stage('web')!.lines).toContain(`COPY --from=build /app/dist/web ${dir.replace(/^\/app\//, '')}`);
  });

  it('has every Deployment of an image of ours read-only, with BUDGET_SKIP_BUILD=1 from the ConfigMap every process loads', () => {
    const config = base.find((d) => d.kind === 'ConfigMap' && d.metadata.name === 'budget-config') as Loose;
    expect(config.data.BUDGET_SKIP_BUILD).toBe('1');
    for (const d of ours.filter((x) => /^budget\//.test(x.container.image as string))) {
      expect(d.container.securityContext.readOnlyRootFilesystem).toBe(true);
      expect((d.container.envFrom as Loose[]).map((f) => f.configMapRef.name)).toContain('budget-config');
    }
  });

  it('keeps installed and built trees, local data and history out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim());
    for (const p of ['node_modules', 'dist', '.local', '.git']) expect(ignored).toContain(p);
  });

  it('tags images as the overlays say, for each image a stage builds', () => {
    for (const overlay of ['staging', 'production']) {
      const k = yamlFile(join(KUBERNETES, 'overlays', overlay, 'kustomization.yaml')) as { images: { name: string }[] };
      expect(k.images.map((i) => i.name).sort()).toEqual(['budget/intake', 'budget/reporting', 'budget/review', 'budget/web']);
    }
  });
});
