import { join } from 'node:path';
import { KUBERNETES, type Loose, renderKustomization, strategicMerge } from './manifests';
import { SCHEMAS, validate } from './schemas';

// Each overlay rendered as `kustomize build` would (tools/deploy/manifests.ts: resources, labels,
// strategic-merge patches, namespace, image tags), and every object of a core kind in it checked
// against the API's schema for the fields used (tools/deploy/schemas.ts); the operators' custom
// resources against the group/version their CRDs serve.

const CUSTOM: Record<string, string> = {
  Kafka: 'kafka.strimzi.io/v1beta2',
  KafkaNodePool: 'kafka.strimzi.io/v1beta2',
  KafkaTopic: 'kafka.strimzi.io/v1beta2',
  KafkaUser: 'kafka.strimzi.io/v1beta2',
  Cluster: 'postgresql.cnpg.io/v1',
};

const rendered = Object.fromEntries(['base', 'overlays/staging', 'overlays/production'].map((dir) => [dir, renderKustomization(join(KUBERNETES, dir))]));
const find = (dir: string, kind: string, name: string): Loose => rendered[dir]!.find((d) => d.kind === kind && d.metadata.name === name);

describe('deploy/kubernetes rendered and validated against the API schemas', () => {
  it.each(Object.keys(rendered).flatMap((dir) => rendered[dir]!.map((d) => [`${dir}: ${d.kind}/${d.metadata.name}`, d] as const)))('%s', (_name, doc) => {
    const schema = SCHEMAS[`${doc.apiVersion}/${doc.kind}`];
    if (schema) expect(validate(doc, schema)).toEqual([]);
    else {
      expect({ kind: doc.kind, apiVersion: doc.apiVersion }).toEqual({ kind: doc.kind, apiVersion: CUSTOM[doc.kind] });
      expect(typeof (doc as Loose).spec).toBe('object');
    }
  });

  it('puts every object of an overlay in its namespace, with its image tags', () => {
    for (const [dir, ns, tag] of [['overlays/staging', 'budget-staging', 'staging'], ['overlays/production', 'budget', '0.1.0']] as const) {
      expect(rendered[dir]!.filter((d) => d.metadata.namespace !== ns)).toEqual([]);
      for (const app of ['intake', 'review', 'reporting', 'web']) expect(find(dir, 'Deployment', app).spec.template.spec.containers[0].image).toBe(`budget/${app}:${tag}`);
    }
  });

  it('applies the overlays\' patches and keeps what they do not name', () => {
    expect(find('overlays/production', 'HorizontalPodAutoscaler', 'intake').spec).toMatchObject({ minReplicas: 3, maxReplicas: 10, scaleTargetRef: { kind: 'Deployment', name: 'intake' } });
    expect(find('overlays/production', 'HorizontalPodAutoscaler', 'review').spec.metrics).toEqual(find('base', 'HorizontalPodAutoscaler', 'review').spec.metrics);
    const config = find('overlays/staging', 'ConfigMap', 'budget-config').data;
    expect(config.LOG_LEVEL).toBe('debug');
    expect(config.BUDGET_SKIP_BUILD).toBe('1');
    for (const d of rendered['overlays/staging']!) expect(d.metadata.labels?.['app.kubernetes.io/part-of']).toBe('budget');
  });

  it('refuses what the API server would: a number where a string goes, a missing required field, an unknown field', () => {
    const config = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { PORT: 3001 } };
    expect(validate(config, SCHEMAS['v1/ConfigMap']!)).toEqual(['data.PORT: 3001 is not a string (quote it)']);
    const deployment: Loose = structuredClone(find('base', 'Deployment', 'intake'));
    const added = deployment.spec.template.spec.containers[0].env.push({ name: 'X', value: 12 }) - 1;
    deployment.spec.template.spec.containers[0].resource = {};
    delete deployment.spec.selector;
    expect(validate(deployment, SCHEMAS['apps/v1/Deployment']!).sort()).toEqual(
      ['spec.selector: required', `spec.template.spec.containers[0].env[${added}].value: 12 is not a string`, 'spec.template.spec.containers[0].resource: not a field of this kind'].sort(),
    );
  });

  it('merges lists of named items by name in the API\'s kinds, and replaces them in custom resources', () => {
    const base = { spec: { containers: [{ name: 'a', image: 'x', env: [{ name: 'A', value: '1' }] }], volumes: [{ id: 0, size: '1Gi' }] } };
    const patch = { spec: { containers: [{ name: 'a', env: [{ name: 'B', value: '2' }] }], volumes: [{ id: 0, size: '2Gi' }] } };
    expect(strategicMerge(base, patch, true)).toEqual({ spec: { containers: [{ name: 'a', image: 'x', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }], volumes: [{ id: 0, size: '2Gi' }] } });
    expect(strategicMerge(base, patch, false).spec.containers).toEqual(patch.spec.containers);
  });
});
