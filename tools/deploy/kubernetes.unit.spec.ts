import { join } from 'node:path';
import { envReads, SERVICE_SOURCES } from './env-reads';
import { KUBERNETES, kustomizeResources, type Loose, patchesOf, yamlDocs, yamlFile, yamlFiles } from './manifests';

// Static checks of deploy/kubernetes: every file parses, every kind has what it needs, the
// overlays patch what exists, and every environment variable a process reads is set or is
// listed as optional with a reason.

const base = kustomizeResources(join(KUBERNETES, 'base'));
const ofKind = (kind: string): Loose[] => base.filter((d) => d.kind === kind);
const named = (kind: string, name: string): Loose => base.find((d) => d.kind === kind && d.metadata.name === name);
const SERVICES = ['intake', 'review', 'reporting'] as const;
const APPS = [...SERVICES, 'web'] as const;

/** Secrets the operators create: CloudNativePG (<cluster>-app, <cluster>-ca), Strimzi (<cluster>-cluster-ca-cert, one per KafkaUser). */
function operatorSecrets(): Set<string> {
  const names = new Set<string>();
  for (const c of ofKind('Cluster')) names.add(`${c.metadata.name}-app`).add(`${c.metadata.name}-ca`);
  for (const k of ofKind('Kafka')) names.add(`${k.metadata.name}-cluster-ca-cert`);
  for (const u of ofKind('KafkaUser')) names.add(u.metadata.name);
  return names;
}
/** Secrets the operators of the province create by hand (deploy/README.md, "Secrets"). */
const PROVIDED_SECRETS = ['budget-redis', 'budget-metrics', 'budget-smtp', 'budget-oidc-client', 'budget-checkpoint-key', 'budget-backup-s3'];

describe('deploy/kubernetes: every file', () => {
  it.each(yamlFiles(KUBERNETES).map((f) => [f.slice(KUBERNETES.length + 1)]))('%s parses, each document with apiVersion, kind and a name', (file) => {
    const docs = yamlDocs(join(KUBERNETES, file));
    expect(docs.length).toBeGreaterThan(0);
    if (file.endsWith('kustomization.yaml') || file === 'optional-env.yaml') return;
    for (const d of docs) {
      expect(typeof d.apiVersion).toBe('string');
      expect(typeof d.kind).toBe('string');
      expect(d.metadata?.name).toMatch(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/);
    }
  });

  it('has no two objects of one kind with one name in the base', () => {
    const keys = base.map((d) => `${d.kind}/${d.metadata.name}`);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });
});

describe('the Deployments of the services and the web application', () => {
  it.each(APPS)('%s: probes on separate endpoints, resources, a selector that matches, a graceful stop', (name) => {
    const d = named('Deployment', name);
    expect(d).toBeDefined();
    const template = d.spec.template;
    for (const [k, v] of Object.entries(d.spec.selector.matchLabels as Record<string, string>)) expect(template.metadata.labels[k]).toBe(v);
    expect(template.spec.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    expect(template.spec.securityContext.runAsNonRoot).toBe(true);
    const [c] = template.spec.containers as Loose[];
    expect(c.image).toMatch(new RegExp(`^budget/${name}:`));
    for (const kind of ['requests', 'limits']) for (const r of ['cpu', 'memory']) if (!(kind === 'limits' && r === 'cpu' && name === 'web')) expect(c.resources[kind][r]).toBeDefined();
    expect(c.readinessProbe.httpGet.path).toBeDefined();
    expect(c.livenessProbe.httpGet.path).toBeDefined();
    expect(c.readinessProbe.httpGet.path).not.toBe(c.livenessProbe.httpGet.path);
    const ports = new Set((c.ports as Loose[]).map((p) => p.name));
    expect(ports.has(c.readinessProbe.httpGet.port)).toBe(true);
  });

  it.each(SERVICES)('%s: probes on the routes the health controller has (/live, /ready), metrics on their own port', (name) => {
    const [c] = named('Deployment', name).spec.template.spec.containers as Loose[];
    expect(c.livenessProbe.httpGet.path).toBe('/live');
    expect(c.readinessProbe.httpGet.path).toBe('/ready');
    expect((c.ports as Loose[]).find((p) => p.name === 'metrics')?.containerPort).toBe(9464);
  });

  it.each(APPS)('%s: a Service, an HPA on CPU, a PodDisruptionBudget that select its pods', (name) => {
    const labels = named('Deployment', name).spec.template.metadata.labels as Record<string, string>;
    const selects = (selector: Record<string, string>) => Object.entries(selector).every(([k, v]) => labels[k] === v);
    expect(selects(named('Service', name).spec.selector)).toBe(true);
    expect(selects(named('PodDisruptionBudget', name).spec.selector.matchLabels)).toBe(true);
    const hpa = named('HorizontalPodAutoscaler', name);
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name });
    expect(hpa.spec.minReplicas).toBeGreaterThan(named('PodDisruptionBudget', name).spec.minAvailable);
    expect(hpa.spec.maxReplicas).toBeGreaterThanOrEqual(hpa.spec.minReplicas);
    expect((hpa.spec.metrics as Loose[]).some((m) => m.type === 'Resource' && m.resource.name === 'cpu')).toBe(true);
  });

  it('scales the consumers on their lag too, and never beyond the partitions of their topics', () => {
    const partitions = Math.min(...ofKind('KafkaTopic').map((t) => t.spec.partitions as number));
    for (const [name, group] of [['review', 'review'], ['reporting', 'reporting']] as const) {
      const hpa = named('HorizontalPodAutoscaler', name);
      const lag = (hpa.spec.metrics as Loose[]).find((m) => m.type === 'External');
      expect(lag.external.metric).toEqual({ name: 'budget_consumer_lag', selector: { matchLabels: { group } } });
      expect(hpa.spec.maxReplicas).toBeLessThanOrEqual(partitions);
    }
  });

  it('takes every secret from a Secret reference the operators create or the README lists, and mounts every file it names', () => {
    const known = new Set([...operatorSecrets(), ...PROVIDED_SECRETS]);
    for (const d of [...ofKind('Deployment'), ...ofKind('StatefulSet')]) {
      const spec = d.spec.template.spec;
      for (const v of (spec.volumes ?? []) as Loose[]) if (v.secret) expect(known).toContain(v.secret.secretName);
      for (const c of spec.containers as Loose[]) {
        for (const e of (c.env ?? []) as Loose[]) {
          if (e.valueFrom?.secretKeyRef) expect(known).toContain(e.valueFrom.secretKeyRef.name);
          // A secret never sits in a manifest as a value.
          if (/PASSWORD|SECRET|TOKEN|PRIVATE_KEY$/.test(e.name)) expect(e.value).toBeUndefined();
        }
        const mounts = ((c.volumeMounts ?? []) as Loose[]).map((m) => m.mountPath as string);
        for (const [name, value] of Object.entries(containerEnv(d.metadata.name))) {
          if (typeof value === 'string' && value.startsWith('/var/run/secrets/')) {
            expect({ name, mounted: mounts.some((m) => value.startsWith(`${m}/`)) }).toEqual({ name, mounted: true });
          }
        }
      }
    }
  });
});

/** The variables a Deployment's container gets: its env, then the ConfigMaps of its envFrom. */
function containerEnv(deployment: string): Record<string, unknown> {
  const d = named('Deployment', deployment) ?? named('StatefulSet', deployment);
  const [c] = d.spec.template.spec.containers as Loose[];
  const env: Record<string, unknown> = {};
  for (const from of (c.envFrom ?? []) as Loose[]) {
    const map = named('ConfigMap', from.configMapRef.name);
    expect(map).toBeDefined();
    Object.assign(env, map.data);
  }
  for (const e of (c.env ?? []) as Loose[]) env[e.name] = e.value ?? e.valueFrom;
  return env;
}

describe('environment variables', () => {
  const optional = yamlFile(join(KUBERNETES, 'optional-env.yaml')) as Record<string, Record<string, string>>;

  it.each(APPS)('%s: every variable its code reads is set in its Deployment or listed as optional with a reason', (name) => {
    const reads = envReads(SERVICE_SOURCES[name]!);
    expect(reads.size).toBeGreaterThan(20);
    const set = containerEnv(name);
    const allowed = { ...optional.all, ...(optional[name] ?? {}) };
    const missing = [...reads].filter(([v]) => !(v in set) && !(v in allowed)).map(([v, file]) => `${v} (read in ${file})`);
    expect(missing).toEqual([]);
    for (const reason of Object.values(allowed)) expect(reason.trim().length).toBeGreaterThan(4);
  });

  it('sets no variable that nothing reads (a typo would be silently ignored)', () => {
    const readAnywhere = new Set(Object.values(SERVICE_SOURCES).flatMap((paths) => [...envReads(paths).keys()]));
    for (const name of APPS) expect(Object.keys(containerEnv(name)).filter((v) => !readAnywhere.has(v))).toEqual([]);
  });

  it('lists as optional only variables some code reads', () => {
    const readAnywhere = new Set(Object.values(SERVICE_SOURCES).flatMap((paths) => [...envReads(paths).keys()]));
    expect(Object.values(optional).flatMap((vars) => Object.keys(vars)).filter((v) => !readAnywhere.has(v))).toEqual([]);
  });

  it('has the web application not load the services\' map (it would need their CA files and Kafka user)', () => {
    const [c] = named('Deployment', 'web').spec.template.spec.containers as Loose[];
    expect((c.envFrom as Loose[]).map((f) => f.configMapRef.name)).toEqual(['budget-config']);
  });
});

describe('Kafka through Strimzi', () => {
  it('is a KRaft cluster of three nodes that are controllers and brokers, with RF 3 and min.insync.replicas 2', () => {
    const [kafka] = ofKind('Kafka');
    expect(kafka.apiVersion).toBe('kafka.strimzi.io/v1beta2');
    expect(kafka.metadata.annotations).toMatchObject({ 'strimzi.io/kraft': 'enabled', 'strimzi.io/node-pools': 'enabled' });
    expect(kafka.spec.kafka.config).toMatchObject({ 'default.replication.factor': 3, 'min.insync.replicas': 2, 'auto.create.topics.enable': false });
    const pools = ofKind('KafkaNodePool').filter((p) => p.metadata.labels['strimzi.io/cluster'] === kafka.metadata.name);
    expect(pools.reduce((n, p) => n + (p.spec.replicas as number), 0)).toBe(3);
    for (const role of ['controller', 'broker']) expect(pools.some((p) => (p.spec.roles as string[]).includes(role))).toBe(true);
  });

  it('has the topics the services use as KafkaTopic resources: 12 partitions, 3 replicas, min.insync.replicas 2, kept for ever', () => {
    const topics = ofKind('KafkaTopic');
    expect(topics.map((t) => t.spec.topicName).sort()).toEqual(['budget.deadletter', 'budget.reviews', 'budget.targets']);
    for (const t of topics) {
      expect(t.metadata.labels['strimzi.io/cluster']).toBe(ofKind('Kafka')[0].metadata.name);
      expect(t.spec).toMatchObject({ partitions: 12, replicas: 3, config: { 'min.insync.replicas': 2, 'retention.ms': -1 } });
    }
  });

  it('gives each service a SCRAM user of its own, whose Secret its Deployment reads', () => {
    for (const name of SERVICES) {
      const user = `budget-${name}`;
      expect(named('KafkaUser', user).spec.authentication.type).toBe('scram-sha-512');
      const env = containerEnv(name);
      expect(env.KAFKA_SASL_USERNAME).toBe(user);
      expect(env.KAFKA_SASL_PASSWORD).toEqual({ secretKeyRef: { name: user, key: 'password' } });
    }
  });
});

describe('PostgreSQL through CloudNativePG and Redis as a StatefulSet', () => {
  it('is a Cluster of three instances with storage, whose read-write Service the services use', () => {
    const [pg] = ofKind('Cluster');
    expect(pg.apiVersion).toBe('postgresql.cnpg.io/v1');
    expect(pg.spec.instances).toBe(3);
    expect(pg.spec.storage.size).toMatch(/Gi$/);
    for (const name of SERVICES) expect(containerEnv(name).PGHOST).toBe(`${pg.metadata.name}-rw`);
  });

  it('keeps Redis on a persistent volume with append-only persistence and noeviction', () => {
    const redis = named('StatefulSet', 'budget-redis');
    expect(redis.spec.serviceName).toBe('budget-redis');
    expect(redis.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBeDefined();
    const args = redis.spec.template.spec.containers[0].args as string[];
    expect(args.join(' ')).toMatch(/--appendonly yes.*--maxmemory-policy noeviction/);
  });
});

describe('NetworkPolicies', () => {
  it('deny by default, and open the metrics port to the monitoring namespace only', () => {
    expect(named('NetworkPolicy', 'default-deny-ingress').spec).toEqual({ podSelector: {}, policyTypes: ['Ingress'] });
    const metrics = named('NetworkPolicy', 'services-metrics');
    expect(metrics.spec.ingress).toEqual([{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ port: 9464 }] }]);
    for (const p of ofKind('NetworkPolicy')) for (const rule of (p.spec.ingress ?? []) as Loose[]) expect(rule.ports?.some((x: Loose) => x.port === 9464) && p.metadata.name !== 'services-metrics').toBeFalsy();
  });
});

describe('overlays', () => {
  it.each(['staging', 'production'])('%s builds on the base and patches only objects that exist there', (overlay) => {
    const dir = join(KUBERNETES, 'overlays', overlay);
    expect(kustomizeResources(dir).length).toBe(base.length);
    const patches = patchesOf(dir);
    expect(patches.length).toBeGreaterThan(0);
    for (const { file, docs } of patches) {
      for (const d of docs) expect({ file, target: `${d.kind}/${d.metadata.name}`, found: base.some((b) => b.kind === d.kind && b.metadata.name === d.metadata.name) }).toMatchObject({ found: true });
    }
  });
});
