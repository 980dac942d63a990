import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { ROOT } from './env-reads';

// Plain YAML reading for the deploy tests: documents as loosely typed objects, no cluster needed.
export type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string> }; [key: string]: unknown };
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

type Kustomization = {
  resources: string[];
  namespace?: string;
  labels?: { pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean }[];
  images?: { name: string; newName?: string; newTag?: string }[];
  patches?: { path: string }[];
};

/** A kind of the Kubernetes API itself (not a custom resource): its lists of named items merge by name. */
const isBuiltIn = (apiVersion: string): boolean => !apiVersion.includes('.') || apiVersion.startsWith('networking.k8s.io/');

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
const named = (v: unknown): v is Obj & { name: string } => isObj(v) && typeof v.name === 'string';

/**
 * A strategic merge patch as kustomize applies one, for what these manifests use: maps merge
 * recursively, `null` deletes; in the API's own kinds a list whose items all have a `name`
 * (containers, env, ports, volumes, volumeMounts) merges item by item on it; every other list is
 * replaced (as for custom resources, which have no merge keys).
 */
export function strategicMerge(target: unknown, patch: unknown, builtIn: boolean): Loose {
  if (!isObj(patch) || !isObj(target)) return patch;
  const out: Obj = { ...target };
  for (const [k, v] of Object.entries(patch)) {
    const was = out[k];
    if (v === null) delete out[k];
    else if (builtIn && Array.isArray(v) && Array.isArray(was) && v.every(named) && was.every(named)) {
      const merged = [...was];
      for (const item of v) {
        const i = merged.findIndex((m) => m.name === item.name);
        if (i >= 0) merged[i] = strategicMerge(merged[i], item, builtIn) as Obj & { name: string };
        else merged.push(item);
      }
      out[k] = merged;
    } else out[k] = strategicMerge(was, v, builtIn);
  }
  return out;
}

/** What `kustomize build <dir>` gives for these manifests: resources, labels, patches, namespace, image tags. */
export function renderKustomization(dir: string): Doc[] {
  const k = yamlFile(join(dir, 'kustomization.yaml')) as Kustomization;
  let docs: Doc[] = k.resources.flatMap((r) => {
    const path = join(dir, r);
    if (!existsSync(path)) throw new Error(`${dir}/kustomization.yaml lists ${r}, which does not exist`);
    return existsSync(join(path, 'kustomization.yaml')) ? renderKustomization(path) : yamlDocs(path);
  });
  for (const l of k.labels ?? []) {
    if (l.includeSelectors || l.includeTemplates) throw new Error(`${dir}: labels into selectors or templates are not rendered here`);
    docs = docs.map((d) => ({ ...d, metadata: { ...d.metadata, labels: { ...d.metadata.labels, ...l.pairs } } }));
  }
  for (const p of k.patches ?? []) {
    for (const patch of yamlDocs(join(dir, p.path))) {
      const i = docs.findIndex((d) => d.kind === patch.kind && d.metadata.name === patch.metadata.name);
      if (i < 0) throw new Error(`${dir}/${p.path} patches ${patch.kind}/${patch.metadata.name}, which the resources do not have`);
      docs[i] = strategicMerge(docs[i], patch, isBuiltIn(docs[i]!.apiVersion)) as Doc;
    }
  }
  if (k.namespace) docs = docs.map((d) => ({ ...d, metadata: { ...d.metadata, namespace: k.namespace! } }));
  for (const image of k.images ?? []) {
    const retag = (c: Obj): Obj => {
      const [name, tag] = String(c.image).split(':');
      return name === image.name ? { ...c, image: `${image.newName ?? name}:${image.newTag ?? tag}` } : c;
    };
    docs = docs.map((d) => {
      const template = (d as { spec?: { template?: { spec?: { containers?: Obj[] } } } }).spec?.template;
      const containers = template?.spec?.containers;
      return containers ? (strategicMerge(d, { spec: { template: { spec: { containers: containers.map(retag) } } } }, true) as Doc) : d;
    });
  }
  return docs;
}
