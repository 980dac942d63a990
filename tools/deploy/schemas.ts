// The Kubernetes core resources of deploy/kubernetes checked against their API schemas, written
// out here for the fields the manifests use (apps/v1, v1, autoscaling/v2, policy/v1,
// networking.k8s.io/v1): required fields, types (a ConfigMap value or an env value that YAML read
// as a number is refused by the API server), and no field the API does not know (kubectl applies
// with strict field validation). An object marked `open` allows fields not listed (labels, data).
// No schema package is needed: the subset is small, and a field added to the manifests that is not
// listed here fails the test until it is added with its type.

export type Schema =
  | 'string'
  | 'int'
  | 'bool'
  | 'quantity'
  | 'intOrString'
  | 'stringMap'
  | { obj: Record<string, Schema>; required?: readonly string[]; open?: boolean }
  | { arr: Schema };

const obj = (fields: Record<string, Schema>, required: readonly string[] = []): Schema => ({ obj: fields, required });
const arr = (item: Schema): Schema => ({ arr: item });

const labelSelector = obj({
  matchLabels: 'stringMap',
  matchExpressions: arr(obj({ key: 'string', operator: 'string', values: arr('string') }, ['key', 'operator'])),
});
const objectMeta = obj({ name: 'string', namespace: 'string', labels: 'stringMap', annotations: 'stringMap' });
const keySelector = obj({ name: 'string', key: 'string', optional: 'bool' }, ['key']);
const envVar = obj(
  {
    name: 'string',
    value: 'string',
    valueFrom: obj({ secretKeyRef: keySelector, configMapKeyRef: keySelector, fieldRef: obj({ fieldPath: 'string', apiVersion: 'string' }, ['fieldPath']) }),
  },
  ['name'],
);
const probe = obj({
  httpGet: obj({ path: 'string', port: 'intOrString', scheme: 'string' }, ['port']),
  tcpSocket: obj({ port: 'intOrString' }, ['port']),
  exec: obj({ command: arr('string') }),
  initialDelaySeconds: 'int',
  periodSeconds: 'int',
  timeoutSeconds: 'int',
  failureThreshold: 'int',
  successThreshold: 'int',
});
const resources = obj({ requests: { obj: {}, open: true }, limits: { obj: {}, open: true } });
const container = obj(
  {
    name: 'string',
    image: 'string',
    imagePullPolicy: 'string',
    command: arr('string'),
    args: arr('string'),
    workingDir: 'string',
    ports: arr(obj({ name: 'string', containerPort: 'int', protocol: 'string' }, ['containerPort'])),
    env: arr(envVar),
    envFrom: arr(obj({ configMapRef: obj({ name: 'string', optional: 'bool' }, ['name']), secretRef: obj({ name: 'string', optional: 'bool' }, ['name']), prefix: 'string' })),
    resources,
    startupProbe: probe,
    livenessProbe: probe,
    readinessProbe: probe,
    lifecycle: obj({ preStop: obj({ sleep: obj({ seconds: 'int' }, ['seconds']), exec: obj({ command: arr('string') }), httpGet: obj({ path: 'string', port: 'intOrString' }, ['port']) }) }),
    securityContext: obj({
      allowPrivilegeEscalation: 'bool',
      readOnlyRootFilesystem: 'bool',
      runAsNonRoot: 'bool',
      runAsUser: 'int',
      runAsGroup: 'int',
      privileged: 'bool',
      capabilities: obj({ drop: arr('string'), add: arr('string') }),
    }),
    volumeMounts: arr(obj({ name: 'string', mountPath: 'string', readOnly: 'bool', subPath: 'string' }, ['name', 'mountPath'])),
  },
  ['name', 'image'],
);
const volume = obj(
  {
    name: 'string',
    secret: obj({ secretName: 'string', items: arr(obj({ key: 'string', path: 'string', mode: 'int' }, ['key', 'path'])), defaultMode: 'int', optional: 'bool' }),
    configMap: obj({ name: 'string', items: arr(obj({ key: 'string', path: 'string' }, ['key', 'path'])), optional: 'bool' }),
    emptyDir: obj({ medium: 'string', sizeLimit: 'quantity' }),
    persistentVolumeClaim: obj({ claimName: 'string', readOnly: 'bool' }, ['claimName']),
  },
  ['name'],
);
const podSpec = obj(
  {
    serviceAccountName: 'string',
    automountServiceAccountToken: 'bool',
    terminationGracePeriodSeconds: 'int',
    securityContext: obj({ runAsNonRoot: 'bool', runAsUser: 'int', runAsGroup: 'int', fsGroup: 'int', seccompProfile: obj({ type: 'string' }, ['type']) }),
    topologySpreadConstraints: arr(obj({ maxSkew: 'int', topologyKey: 'string', whenUnsatisfiable: 'string', labelSelector }, ['maxSkew', 'topologyKey', 'whenUnsatisfiable'])),
    containers: arr(container),
    initContainers: arr(container),
    volumes: arr(volume),
    nodeSelector: 'stringMap',
  },
  ['containers'],
);
const podTemplate = obj({ metadata: objectMeta, spec: podSpec }, ['spec']);
const pvcSpec = obj({ accessModes: arr('string'), storageClassName: 'string', resources: obj({ requests: { obj: { storage: 'quantity' }, required: ['storage'] } }, ['requests']) }, ['accessModes', 'resources']);
const metricTarget = obj({ type: 'string', averageUtilization: 'int', averageValue: 'quantity', value: 'quantity' }, ['type']);
const scalingRules = obj({ stabilizationWindowSeconds: 'int', selectPolicy: 'string', policies: arr(obj({ type: 'string', value: 'int', periodSeconds: 'int' }, ['type', 'value', 'periodSeconds'])) });
const networkPeer = obj({ podSelector: labelSelector, namespaceSelector: labelSelector, ipBlock: obj({ cidr: 'string', except: arr('string') }, ['cidr']) });
const networkPort = obj({ port: 'intOrString', protocol: 'string', endPort: 'int' });

const resource = (spec: Record<string, Schema>, specRequired: readonly string[] = [], top: Record<string, Schema> = {}): Schema =>
  obj({ apiVersion: 'string', kind: 'string', metadata: obj({ ...(objectMeta as { obj: Record<string, Schema> }).obj }, ['name']), spec: obj(spec, specRequired), ...top }, ['apiVersion', 'kind', 'metadata']);

/** The schema of each core kind, by `apiVersion/kind`. */
export const SCHEMAS: Record<string, Schema> = {
  'apps/v1/Deployment': resource(
    { replicas: 'int', revisionHistoryLimit: 'int', selector: labelSelector, strategy: obj({ type: 'string', rollingUpdate: obj({ maxSurge: 'intOrString', maxUnavailable: 'intOrString' }) }), template: podTemplate, minReadySeconds: 'int' },
    ['selector', 'template'],
  ),
  'apps/v1/StatefulSet': resource(
    { serviceName: 'string', replicas: 'int', selector: labelSelector, template: podTemplate, volumeClaimTemplates: arr(obj({ metadata: objectMeta, spec: pvcSpec }, ['spec'])), podManagementPolicy: 'string' },
    ['selector', 'template'],
  ),
  'v1/Service': resource(
    {
      type: 'string',
      clusterIP: 'string',
      selector: 'stringMap',
      ports: arr(obj({ name: 'string', port: 'int', targetPort: 'intOrString', protocol: 'string', appProtocol: 'string' }, ['port'])),
    },
    ['ports'],
  ),
  'v1/ConfigMap': obj({ apiVersion: 'string', kind: 'string', metadata: obj({ ...(objectMeta as { obj: Record<string, Schema> }).obj }, ['name']), data: 'stringMap' }, ['apiVersion', 'kind', 'metadata']),
  'v1/ServiceAccount': obj({ apiVersion: 'string', kind: 'string', metadata: obj({ ...(objectMeta as { obj: Record<string, Schema> }).obj }, ['name']), automountServiceAccountToken: 'bool' }, ['apiVersion', 'kind', 'metadata']),
  'autoscaling/v2/HorizontalPodAutoscaler': resource(
    {
      scaleTargetRef: obj({ apiVersion: 'string', kind: 'string', name: 'string' }, ['kind', 'name']),
      minReplicas: 'int',
      maxReplicas: 'int',
      metrics: arr(
        obj(
          {
            type: 'string',
            resource: obj({ name: 'string', target: metricTarget }, ['name', 'target']),
            external: obj({ metric: obj({ name: 'string', selector: labelSelector }, ['name']), target: metricTarget }, ['metric', 'target']),
          },
          ['type'],
        ),
      ),
      behavior: obj({ scaleUp: scalingRules, scaleDown: scalingRules }),
    },
    ['scaleTargetRef', 'maxReplicas'],
  ),
  'policy/v1/PodDisruptionBudget': resource({ minAvailable: 'intOrString', maxUnavailable: 'intOrString', selector: labelSelector, unhealthyPodEvictionPolicy: 'string' }),
  'networking.k8s.io/v1/NetworkPolicy': resource(
    { podSelector: labelSelector, policyTypes: arr('string'), ingress: arr(obj({ from: arr(networkPeer), ports: arr(networkPort) })), egress: arr(obj({ to: arr(networkPeer), ports: arr(networkPort) })) },
    ['podSelector'],
  ),
};

const QUANTITY = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[numkMGTPE]|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

/** What is wrong with `value` at `path` against `schema`: one line per problem, [] when it conforms. */
export function validate(value: unknown, schema: Schema, path = ''): string[] {
  const at = path || '(document)';
  if (schema === 'string') return typeof value === 'string' ? [] : [`${at}: ${JSON.stringify(value)} is not a string`];
  if (schema === 'int') return Number.isInteger(value) ? [] : [`${at}: ${JSON.stringify(value)} is not an integer`];
  if (schema === 'bool') return typeof value === 'boolean' ? [] : [`${at}: ${JSON.stringify(value)} is not a boolean`];
  if (schema === 'intOrString') return Number.isInteger(value) || (typeof value === 'string' && value !== '') ? [] : [`${at}: ${JSON.stringify(value)} is neither an integer nor a name`];
  if (schema === 'quantity') return (typeof value === 'number' && value >= 0) || (typeof value === 'string' && QUANTITY.test(value)) ? [] : [`${at}: ${JSON.stringify(value)} is not a quantity`];
  if (schema === 'stringMap') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${at}: not a map`];
    return Object.entries(value).flatMap(([k, v]) => (typeof v === 'string' ? [] : [`${path}.${k}: ${JSON.stringify(v)} is not a string (quote it)`]));
  }
  if ('arr' in schema) {
    if (!Array.isArray(value)) return [`${at}: not a list`];
    return value.flatMap((v, i) => validate(v, schema.arr, `${path}[${i}]`));
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
  const record = value as Record<string, unknown>;
  const problems = (schema.required ?? []).filter((k) => record[k] === undefined).map((k) => `${path ? `${path}.` : ''}${k}: required`);
  for (const [k, v] of Object.entries(record)) {
    const field = schema.obj[k];
    const child = path ? `${path}.${k}` : k;
    if (field) problems.push(...validate(v, field, child));
    else if (schema.open) problems.push(...(path.endsWith('requests') || path.endsWith('limits') ? validate(v, 'quantity', child) : []));
    else problems.push(`${child}: not a field of this kind`);
  }
  return problems;
}
