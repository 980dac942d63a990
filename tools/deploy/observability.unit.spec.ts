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
