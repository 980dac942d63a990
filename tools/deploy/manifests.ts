import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { ROOT } from './env-reads';

// Plain YAML reading for the deploy tests: documents as loosely typed objects, no cluster needed.
export type Doc = { apiVersion: string; kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: unknown };
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- manifests are checked field by field
export type Loose = any;

export const KUBERNETES = join(ROOT, 'deploy', 'kubernetes');

export function yamlDocs(file: string): Doc[] {
  return loadAll(readFileSync(file, 'utf8')).filter((d): d is Doc => d !== null && d !== undefined);
}

export function yamlFile(file: string): unknown {
  return load(readFileSync(file, 'utf8'));
}

/** Every YAML file under a folder. */
export function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(path);
    return /\.ya?ml$/.test(e.name) ? [path] : [];
  });
}

/** What `kustomize build` starts from: the resources a kustomization lists, recursively (patches not applied). */
export function kustomizeResources(dir: string): Doc[] {
  const k = yamlFile(join(dir, 'kustomization.yaml')) as { resources: string[] };
  return k.resources.flatMap((r) => {
    const path = join(dir, r);
    if (!existsSync(path)) throw new Error(`${dir}/kustomization.yaml lists ${r}, which does not exist`);
    return existsSync(join(path, 'kustomization.yaml')) ? kustomizeResources(path) : yamlDocs(path);
  });
}

export function patchesOf(dir: string): { file: string; docs: Doc[] }[] {
  const k = yamlFile(join(dir, 'kustomization.yaml')) as { patches?: { path: string }[] };
  return (k.patches ?? []).map((p) => ({ file: p.path, docs: yamlDocs(join(dir, p.path)) }));
}

export { dirname };
