import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ServiceMetrics } from '@budget/platform';
import { ROOT } from './env-reads';
import { type Loose, yamlFile } from './manifests';

// The dashboard and the alert rules query metrics by name: a name the code does not register
// would give an empty panel and an alert that never fires. Every name they use must be one
// that libs/platform/src/observability/metrics.ts registers (with prom-client's default ones).

const DIR = join(ROOT, 'deploy', 'observability');
const rules = yamlFile(join(DIR, 'alert-rules.yaml')) as Loose;
const dashboard: Loose = JSON.parse(readFileSync(join(DIR, 'grafana-dashboard.json'), 'utf8'));

/** Every series name the code exposes; a histogram also as _bucket, _sum and _count. */
async function registeredSeries(): Promise<Set<string>> {
  const metrics = new ServiceMetrics('test');
  const names = new Set<string>();
  for (const m of await metrics.registry.getMetricsAsJSON()) {
    names.add(m.name);
    if (String(m.type) === 'histogram') for (const s of ['_bucket', '_sum', '_count']) names.add(`${m.name}${s}`);
    if (String(m.type) === 'summary') for (const s of ['_sum', '_count']) names.add(`${m.name}${s}`);
  }
  return names;
}

/** Metric names in a PromQL expression: the identifiers of our prefixes and prom-client's defaults. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\b((?:budget|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
}

/**
 * Gauges every replica of a service reports alike, because they are read from a shared source at
 * scrape time (the brokers, the service's tables, Redis), with the labels that tell one real series
 * from another. Summed as they are, N replicas give N times the value.
 */
const REPLICATED: Record<string, readonly string[]> = {
  budget_consumer_lag: ['group', 'topic', 'partition'],
  budget_outbox_backlog: ['service'],
  budget_outbox_oldest_age_seconds: ['service'],
  budget_dead_letters: ['service', 'consumer'],
  budget_notification_queue_jobs: ['service', 'queue', 'state'],
};

const AGGREGATIONS = ['sum', 'max', 'min', 'avg', 'count', 'stddev', 'stdvar', 'topk', 'bottomk', 'quantile', 'group', 'count_values'];

/**
 * What is wrong with the use of replicated gauges in a PromQL expression, [] if nothing: the
 * innermost aggregation around each one must be `max` or `min` (one copy of the replicas' values),
 * grouped by nothing or by at least the gauge's key (so an enclosing sum adds real series only), and
 * a gauge must not stand bare (one series per replica: doubled lines, one alert per replica).
 * Only the prefix form `agg by (…) (…)` is accepted.
 */
function replicatedGaugeProblems(expr: string): string[] {
  const problems: string[] = [];
  for (const m of expr.matchAll(/\b(budget_[a-z0-9_]+)\b/g)) {
    const name = m[1]!;
    const key = REPLICATED[name];
    if (!key) continue;
    // The open parentheses around the name, innermost last.
    const open: number[] = [];
    for (let i = 0; i < m.index; i++) {
      if (expr[i] === '(') open.push(i);
      else if (expr[i] === ')') open.pop();
    }
    let agg: { op: string; by?: string[]; without: boolean } | undefined;
    for (const at of open.reverse()) {
      const before = expr.slice(0, at);
      const a = new RegExp(`\\b(${AGGREGATIONS.join('|')})\\s*(?:(by|without)\\s*\\(([^)]*)\\)\\s*)?$`).exec(before);
      if (a) {
        agg = { op: a[1]!, by: a[3] === undefined ? undefined : a[3].split(',').map((l) => l.trim()).filter(Boolean), without: a[2] === 'without' };
        break;
      }
      if (/\b(by|without)\s*\(\s*[a-z_,\s]*\)\s*$/.test(before)) break; // postfix `agg (…) by (…)`: not read, refused below
    }
    if (!agg) problems.push(`${name} is not aggregated: one series per replica`);
    else if (agg.op !== 'max' && agg.op !== 'min') problems.push(`${name} is aggregated with ${agg.op}: take max by (${key.join(', ')}) first`);
    else if (agg.without) problems.push(`${name}: max without (…) keeps the replicas apart; use max by (${key.join(', ')})`);
    else if (agg.by && !key.every((l) => agg.by!.includes(l))) problems.push(`${name}: max by (${agg.by.join(', ')}) merges distinct series; group by at least (${key.join(', ')})`);
  }
  return problems;
}

/** The Prometheus Adapter rule in deploy/README.md that serves the HPAs' lag metric, with its template filled in. */
function adapterQueries(): [string, string][] {
  const readme = readFileSync(join(ROOT, 'deploy', 'README.md'), 'utf8');
  const series = /seriesQuery: '([^']+)'/.exec(readme);
  const query = /metricsQuery: '([^']+)'/.exec(readme);
  if (!series || !query) throw new Error('deploy/README.md has no Prometheus Adapter rule');
  return [['Prometheus Adapter rule', query[1]!.replace('<<.Series>>', series[1]!).replace('{<<.LabelMatchers>>}', '{namespace="budget",group="review"}')]];
}

const ruleExprs: [string, string][] = (rules.groups as Loose[]).flatMap((g) => (g.rules as Loose[]).map((r) => [r.alert as string, r.expr as string] as [string, string]));
const panelExprs: [string, string][] = (dashboard.panels as Loose[]).flatMap((p) => (p.targets as Loose[]).map((t) => [p.title as string, t.expr as string] as [string, string]));

describe('deploy/observability', () => {
  it('has the alerts operators watch: lag growing, backlog aging, dead letters appearing, chain verification failing', () => {
    const alerts = ruleExprs.map(([a]) => a);
    for (const a of ['BudgetConsumerLagGrowing', 'BudgetOutboxBacklogAging', 'BudgetDeadLettersAppearing', 'BudgetChainVerificationFailing']) expect(alerts).toContain(a);
    for (const g of rules.groups as Loose[]) for (const r of g.rules as Loose[]) expect(['warning', 'critical']).toContain(r.labels.severity);
  });

  it.each([...ruleExprs, ...panelExprs])('%s: queries only metrics the services register', async (_name, expr) => {
    const names = metricNames(expr);
    expect(names.length).toBeGreaterThan(0);
    const registered = await registeredSeries();
    expect(names.filter((n) => !registered.has(n))).toEqual([]);
  });

  it.each([...ruleExprs, ...panelExprs, ...adapterQueries()])('%s: reduces replicated gauges to one copy before summing', (_name, expr) => {
    expect(replicatedGaugeProblems(expr)).toEqual([]);
  });

  it('refuses a bare sum of a replicated gauge, and accepts max by its key before the sum', () => {
    expect(replicatedGaugeProblems('sum by (group) (budget_consumer_lag)')).toHaveLength(1);
    expect(replicatedGaugeProblems('sum(budget_outbox_backlog{service=~"$service"})')).toHaveLength(1);
    expect(replicatedGaugeProblems('sum by (service, consumer) (delta(budget_dead_letters[15m])) > 0')).toHaveLength(1);
    expect(replicatedGaugeProblems('budget_consumer_lag{service=~"$service"}')).toHaveLength(1);
    expect(replicatedGaugeProblems('sum by (group) (max by (group, topic) (budget_consumer_lag))')).toHaveLength(1);
    expect(replicatedGaugeProblems('sum by (group) (max without (pod) (budget_consumer_lag))')).toHaveLength(1);
    expect(replicatedGaugeProblems('sum by (group) (max by (group, topic, partition) (budget_consumer_lag))')).toEqual([]);
    expect(replicatedGaugeProblems('sum by (service, group) (max by (service, group, topic, partition) (delta(budget_consumer_lag[10m]))) > 0')).toEqual([]);
    expect(replicatedGaugeProblems('max(budget_outbox_oldest_age_seconds)')).toEqual([]);
    expect(replicatedGaugeProblems('sum(rate(budget_db_statements_total[5m]))')).toEqual([]);
  });

  it('uses every metric the services register for the issue in the dashboard', () => {
    const used = new Set(panelExprs.flatMap(([, e]) => metricNames(e)));
    for (const name of ['budget_http_request_duration_seconds_bucket', 'budget_http_statements_per_request_sum', 'budget_outbox_backlog', 'budget_outbox_oldest_age_seconds', 'budget_consumer_lag', 'budget_dead_letters', 'budget_notification_queue_jobs', 'budget_chain_verifications_total']) {
      expect(used).toContain(name);
    }
  });

  it('has panels that do not overlap on the grid', () => {
    const cells = new Set<string>();
    for (const p of dashboard.panels as Loose[]) {
      const { x, y, w, h } = p.gridPos as { x: number; y: number; w: number; h: number };
      expect(x + w).toBeLessThanOrEqual(24);
      for (let i = x; i < x + w; i++) for (let j = y; j < y + h; j++) {
        expect(cells.has(`${i},${j}`)).toBe(false);
        cells.add(`${i},${j}`);
      }
    }
  });
});
