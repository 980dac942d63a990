/**
 * B11: the 汇总表 screen of the web application (/table?department=&fiscalYear=) rendering the
 * largest department of the synthetic city in headless Chromium (Debian's /usr/bin/chromium through
 * @playwright/test, 1366×768), against the same browser rendering the html export of the same table
 * (GET /api/reporting/export?format=html&department=&fiscalYear=, what the screen's 导出 html links to).
 *
 * The data goes in the real way: the department's stream and its sheets' histories, from draft to
 * approval, made by the real deciders (bench/history.ts) with real hash chains, are produced to the
 * stack's own targets topic; the reporting service's live consumer projects them; the web server
 * (apps/web/server, from the build, serving a copy of dist/web taken at the start) proxies the
 * browser's requests to it with the session of its development sign-in (role admin).
 *
 * Each repetition, alternating, in a fresh page of one browser context (HTTP cache warm after one
 * warm-up of each side, as for someone who has used the application before):
 *  - screen: from navigation start until the 合计 cell of the table ([data-testid=grand-total]) is in
 *    the DOM with a box (a MutationObserver in the page notes performance.now()); the table is
 *    virtual from 200 rows, so the last project row is not in the DOM then: the time to scroll to
 *    the end and see it is reported beside it;
 *  - export: from navigation start until the load event (loadEventEnd of the navigation entry).
 * The export answers `Content-Disposition: attachment`, which a browser downloads instead of
 * showing; a pass-through proxy of this process, in front of the web server for both sides alike,
 * drops that header so the page renders.
 *
 * The generated city's largest department has 802 projects (863 rows) in the full city, short of
 * the issue's 1,000 rows; in full mode it is topped up with units of the next-largest departments
 * (their projects re-registered under it) until the table has at least 1,000 rows. --quick uses the
 * largest department of the tenth-size city as it is (≥ 300 rows).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type RecordedEvent } from '@budget/domain';
import { eventHash, GENESIS_HASH } from '@budget/event-store';
import { createKafka, ensureTopics } from '@budget/messaging';
import { loadConfig } from '@budget/platform';
import { chromium, type Browser, type BrowserContext, type CDPSession, type Page } from '@playwright/test';
import { Random, type GeneratedDepartment, type GeneratedUnit } from './generator';
import { Clock, departmentHistory, sheetHistory, type StreamHistory } from './history';
import { type BenchContext } from './lib/context';
import { dropDatabase, recreateDatabase } from './lib/db';
import { series, type BenchResult } from './lib/results';
import { BENCH_ADMIN, deleteTopics, freePort, http, LOCAL_DIR, newStack, startService, stopAll, waitForHealth, type BenchStack } from './lib/stack';
import { median, now } from './lib/stats';

export const GOAL_RATIO = 2;
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1366, height: 768 };
const ROOT = join(__dirname, '..', '..');

/** Rows of the published layout: 合计, one per unit, one per project. */
function rowsOf(units: readonly GeneratedUnit[]): number {
  return 1 + units.length + units.reduce((n, u) => n + u.projects.length, 0);
}

/** The largest department; topped up with whole units of the next-largest ones up to `minRows`. */
function chooseDepartment(ctx: BenchContext, minRows: number): { department: GeneratedDepartment; largestRows: number; addedFrom: string[]; addedUnits: number } {
  const sorted = [...ctx.city().departments].sort((a, b) => rowsOf(b.units) - rowsOf(a.units));
  const largest = sorted[0]!;
  const units = [...largest.units];
  const names = new Set(units.map((u) => u.name));
  const addedFrom: string[] = [];
  let addedUnits = 0;
  for (const other of sorted.slice(1)) {
    if (rowsOf(units) >= minRows) break;
    addedFrom.push(other.name);
    // Its first unit is the department itself: not a unit of another department.
    for (const unit of other.units.slice(1)) {
      if (rowsOf(units) >= minRows) break;
      if (names.has(unit.name)) continue;
      names.add(unit.name);
      units.push(unit);
      addedUnits++;
    }
  }
  return { department: { ...largest, units }, largestRows: rowsOf(largest.units), addedFrom, addedUnits };
}

/** Envelopes as intake records them: positions in order, hash chains per stream. */
function envelopes(histories: Iterable<StreamHistory>): RecordedEvent[] {
  const out: RecordedEvent[] = [];
  for (const h of histories) {
    let prevHash = GENESIS_HASH;
    for (const [i, e] of h.events.entries()) {
      const fields = {
        eventId: e.eventId,
        type: e.type,
        schemaVersion: e.schemaVersion,
        streamId: h.streamId,
        streamVersion: i + 1,
        occurredAt: e.metadata.occurredAt,
        actor: e.metadata.actor,
        correlationId: e.metadata.correlationId,
        causationId: e.metadata.causationId,
        data: e.data,
        prevHash,
      };
      const hash = eventHash(fields);
      out.push({ ...fields, globalPosition: String(out.length + 1), recordedAt: e.metadata.occurredAt, hash });
      prevHash = hash;
    }
  }
  return out;
}

async function produce(stack: BenchStack, events: readonly RecordedEvent[]): Promise<void> {
  const config = loadConfig();
  const kafka = createKafka({ brokers: config.kafka.brokers, clientId: 'bench-b11', logger: () => undefined });
  const topics = { targets: `${stack.topicPrefix}budget.targets`, reviews: `${stack.topicPrefix}budget.reviews`, deadLetter: `${stack.topicPrefix}budget.deadletter` };
  await ensureTopics(kafka, Object.values(topics).map((topic) => ({ topic, numPartitions: 3 })));
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await producer.connect();
  try {
    for (let i = 0; i < events.length; i += 500) {
      const messages = events.slice(i, i + 500).map((e) => ({
        key: e.streamId,
        value: JSON.stringify(e),
        headers: { 'event-id': e.eventId, 'event-type': e.type, 'schema-version': String(e.schemaVersion) },
      }));
      await producer.send({ topic: topics.targets, acks: -1, messages });
    }
  } finally {
    await producer.disconnect();
  }
}

interface TableAnswer {
  units: { projects: { sheetId: string }[] }[];
}

/** Until reporting's table of the department shows every project (the live consumer has projected them all). */
async function waitForTable(ctx: BenchContext, stack: BenchStack, departmentId: string, fiscalYear: number, projects: number, timeoutMs: number): Promise<number> {
  const t = now();
  let seen = -1;
  while (now() - t < timeoutMs) {
    const res = await http<TableAnswer>(stack.ports.reporting, 'GET', `/table?department=${departmentId}&fiscalYear=${fiscalYear}`, { actor: BENCH_ADMIN });
    const count = res.status === 200 ? res.body.units.reduce((n, u) => n + u.projects.length, 0) : -1;
    if (count === projects) return (now() - t) / 1000;
    if (count !== seen) ctx.log(`reporting shows ${count} of ${projects} projects`);
    seen = count;
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`reporting did not show the ${projects} projects within ${timeoutMs / 1000} s (last: ${seen})`);
}

/** The web server from the build, on the stack's database, topics and ports, serving `staticDir`. */
async function startWeb(stack: BenchStack, port: number, staticDir: string): Promise<ChildProcess> {
  mkdirSync(join(LOCAL_DIR, 'logs'), { recursive: true });
  const log = createWriteStream(join(LOCAL_DIR, 'logs', 'bench-web.log'), { flags: 'a' });
  log.write(`\n==== bench ${stack.database} (${new Date().toISOString()}) ====\n`);
  const child = spawn(process.execPath, [join(ROOT, 'tools', 'run.js'), 'apps/web/server/main.js'], {
    env: {
      ...process.env,
      PGDATABASE: stack.database,
      KAFKA_TOPIC_PREFIX: stack.topicPrefix,
      INTAKE_PORT: String(stack.ports.intake),
      REVIEW_PORT: String(stack.ports.review),
      REPORTING_PORT: String(stack.ports.reporting),
      WEB_PORT: String(port),
      WEB_STATIC_DIR: staticDir,
      BUDGET_SKIP_BUILD: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  await waitForHealth(port, 60_000, child);
  return child;
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** A pass-through proxy to the web server that drops Content-Disposition (so the export is shown, not downloaded). */
async function inlineProxy(target: number): Promise<{ server: Server; port: number }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const server = createServer((req, res) => {
    const headers: IncomingHttpHeaders = { ...req.headers, host: `127.0.0.1:${target}` };
    const upstream = httpRequest({ host: '127.0.0.1', port: target, method: req.method, path: req.url, headers, agent }, (answer) => {
      const out = { ...answer.headers };
      delete out['content-disposition'];
      res.writeHead(answer.statusCode ?? 502, out);
      answer.pipe(res);
    });
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { server, port };
}

async function signIn(webPort: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${webPort}/auth/dev/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: `http://127.0.0.1:${webPort}` },
    body: JSON.stringify({ role: 'admin' }),
  });
  if (!res.ok) throw new Error(`development sign-in answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  const cookie = /budget_session=([^;]+)/.exec(res.headers.get('set-cookie') ?? '');
  if (!cookie?.[1]) throw new Error('development sign-in set no budget_session cookie');
  return cookie[1];
}

/** Notes in the page when the 合计 cell first is in the DOM with a box, and a frame later. */
const WATCH_SCRIPT = `(() => {
  const mark = { grandTotal: null, frameAfter: null };
  Object.defineProperty(window, '__b11', { value: mark });
  const check = () => {
    if (mark.grandTotal !== null) return;
    const el = document.querySelector('[data-testid="grand-total"]');
    if (!el || el.getBoundingClientRect().height === 0) return;
    mark.grandTotal = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => { mark.frameAfter = performance.now(); }, 0));
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { childList: true, subtree: true });
})();`;

interface PageFigures {
  /** The timed figure: 合计 in the DOM (screen) or the load event (export), ms from navigation start. */
  ms: number;
  /** A frame after it (screen) or DOMContentLoaded (export). */
  secondaryMs: number;
  firstPaintMs: number | null;
  firstContentfulPaintMs: number | null;
  /** JS heap in use once the page has settled, before and after a garbage collection (MiB). */
  heapMiB: number;
  heapAfterGcMiB: number;
  domNodes: number;
  layoutMs: number;
  scriptMs: number;
  rowsInDom: number;
  /** Screen only: scroll the virtual table to its end → the last project's row in the DOM (ms). */
  scrollToLastMs: number | null;
  /** Where the time went (ms from navigation start): the document's response, the API calls' start and end. */
  timeline: Record<string, number>;
}

const MIB = 1024 * 1024;

/** The navigation's and the API requests' timings, ms from navigation start. */
const TIMELINE_SCRIPT = `(() => {
  const out = {};
  const n = performance.getEntriesByType('navigation')[0];
  for (const k of ['responseStart', 'responseEnd', 'domInteractive', 'domContentLoadedEventEnd', 'loadEventEnd']) out['document ' + k] = n[k];
  for (const r of performance.getEntriesByType('resource')) {
    const path = new URL(r.name).pathname;
    if (!/^\\/(api|auth)\\//.test(path) && !/\\.js$/.test(path)) continue;
    const name = /\\.js$/.test(path) ? 'script ' + path.replace(/-[A-Za-z0-9_-]{8}\\.js$/, '.js') : path;
    if (out[name + ' end'] !== undefined) continue;
    out[name + ' start'] = r.startTime;
    out[name + ' end'] = r.responseEnd;
  }
  return out;
})()`;

/** A page with the CDP Performance domain on from before navigation (layout and script durations accumulate from then). */
async function freshPage(context: BrowserContext): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

async function pageMetrics(page: Page, cdp: CDPSession): Promise<Pick<PageFigures, 'firstPaintMs' | 'firstContentfulPaintMs' | 'heapMiB' | 'heapAfterGcMiB' | 'domNodes' | 'layoutMs' | 'scriptMs' | 'timeline'>> {
  const timeline = await page.evaluate<Record<string, number>>(TIMELINE_SCRIPT);
  // In the page (strings: this project compiles without the DOM's types).
  const paints = await page.evaluate<{ name: string; t: number }[]>(`performance.getEntriesByType('paint').map((p) => ({ name: p.name, t: p.startTime }))`);
  const { metrics } = await cdp.send('Performance.getMetrics');
  const metric = (name: string): number => metrics.find((m) => m.name === name)?.value ?? Number.NaN;
  await cdp.send('HeapProfiler.collectGarbage');
  const after = await cdp.send('Runtime.getHeapUsage');
  return {
    firstPaintMs: paints.find((p) => p.name === 'first-paint')?.t ?? null,
    firstContentfulPaintMs: paints.find((p) => p.name === 'first-contentful-paint')?.t ?? null,
    heapMiB: metric('JSHeapUsedSize') / MIB,
    heapAfterGcMiB: after.usedSize / MIB,
    domNodes: metric('Nodes'),
    layoutMs: metric('LayoutDuration') * 1000,
    scriptMs: metric('ScriptDuration') * 1000,
    timeline,
  };
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 15_000 }).catch(() => undefined);
}

async function renderScreen(context: BrowserContext, url: string, lastRowKey: string): Promise<PageFigures> {
  const { page, cdp } = await freshPage(context);
  try {
    await page.addInitScript(WATCH_SCRIPT);
    await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
    // A function, not a string: the application's CSP forbids eval, which a string predicate needs.
    await page.waitForFunction(() => (globalThis as unknown as { __b11: { frameAfter: number | null } }).__b11.frameAfter !== null, null, { timeout: 120_000, polling: 50 });
    const mark = await page.evaluate<{ grandTotal: number; frameAfter: number }>('({ ...window.__b11 })');
    const rowsInDom = await page.locator('.consolidated-table [data-row-key]').count();
    await settle(page);
    const metrics = await pageMetrics(page, cdp);
    const scrollToLastMs = await scrollToEnd(page, lastRowKey);
    return { ms: mark.grandTotal, secondaryMs: mark.frameAfter, ...metrics, rowsInDom, scrollToLastMs };
  } finally {
    await page.close();
  }
}

/** Scrolls the virtual table to its end; ms until the last project's row is in the DOM, null if it never shows. */
async function scrollToEnd(page: Page, lastRowKey: string): Promise<number | null> {
  const selector = `.consolidated-table [data-row-key="${lastRowKey}"]`;
  const t = now();
  await page.evaluate(`(() => {
    const holder =
      document.querySelector('.consolidated-table .ant-table-tbody-virtual-holder') ??
      [...document.querySelectorAll('.consolidated-table *')].find((el) => el.scrollHeight > el.clientHeight + 50);
    if (holder) holder.scrollTop = holder.scrollHeight;
  })()`);
  try {
    await page.locator(selector).first().waitFor({ state: 'visible', timeout: 5_000 });
    return now() - t;
  } catch {
    // rc-virtual-list may ignore scrollTop set from outside: a wheel over the table then.
    const box = await page.locator('.consolidated-table .ant-table-body, .consolidated-table .ant-table-tbody-virtual').first().boundingBox();
    if (!box) return null;
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height / 2, 200));
    const t2 = now();
    for (let i = 0; i < 50; i++) {
      await page.mouse.wheel(0, 100_000);
      if ((await page.locator(selector).count()) > 0) return now() - t2;
    }
    return null;
  }
}

async function renderExport(context: BrowserContext, url: string): Promise<PageFigures> {
  const { page, cdp } = await freshPage(context);
  try {
    const response = await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
    if (!response || response.status() !== 200) throw new Error(`the html export answered ${response?.status() ?? 'nothing'}`);
    const nav = await page.evaluate<{ load: number; dcl: number }>(
      `(() => { const n = performance.getEntriesByType('navigation')[0]; return { load: n.loadEventEnd, dcl: n.domContentLoadedEventEnd }; })()`,
    );
    const rowsInDom = await page.locator('table.report tbody tr').count();
    const metrics = await pageMetrics(page, cdp);
    return { ms: nav.load, secondaryMs: nav.dcl, ...metrics, rowsInDom, scrollToLastMs: null };
  } finally {
    await page.close();
  }
}

const r1 = (n: number | null): number | null => (n === null || !Number.isFinite(n) ? null : Number(n.toFixed(1)));

export async function runB11(ctx: BenchContext): Promise<BenchResult> {
  const started = now();
  const quick = ctx.mode === 'quick';
  const minRows = quick ? 300 : 1_000;
  const staticSource = join(ROOT, 'dist', 'web');
  if (!existsSync(join(staticSource, 'index.html'))) throw new Error('dist/web/index.html is missing: build the web application first (vite build --config apps/web/vite.config.mts)');
  const builtAt = statSync(join(staticSource, 'index.html')).mtime.toISOString();
  // A copy: another build of dist/web (emptyOutDir) during the run must not pull the files away.
  const staticDir = mkdtempSync(join(tmpdir(), 'b11-web-'));
  cpSync(staticSource, staticDir, { recursive: true });

  const city = ctx.city();
  const fiscalYear = city.options.fiscalYear;
  const chosen = chooseDepartment(ctx, minRows);
  const { department } = chosen;
  const projects = department.units.reduce((n, u) => n + u.projects.length, 0);
  const rows = rowsOf(department.units);
  if (rows < minRows) throw new Error(`the city has no department of ${minRows} rows (largest: ${rows})`);
  const seed = city.options.seed;
  const random = new Random(seed ^ 0xb11);
  const clock = new Clock(`${fiscalYear - 1}-09-01T01:00:00.000Z`);
  const histories: StreamHistory[] = [departmentHistory(seed, department, clock, random)];
  for (const unit of department.units) for (const project of unit.projects) histories.push(sheetHistory(seed, { department, unit, project }, fiscalYear, clock, random));
  const events = envelopes(histories);
  const lastUnit = department.units[department.units.length - 1]!;
  const lastProject = lastUnit.projects[lastUnit.projects.length - 1]!;
  ctx.log(
    `${department.name}: ${department.units.length} units, ${projects} projects, ${rows} rows` +
      (chosen.addedUnits > 0 ? ` (largest department ${chosen.largestRows} rows, topped up with ${chosen.addedUnits} units of ${chosen.addedFrom.join('、')})` : '') +
      `; ${events.length.toLocaleString('en-US')} events`,
  );

  const runId = `b11${Date.now().toString(36)}`;
  const database = `budget_bench_${runId}`;
  await recreateDatabase(database);
  const stack = await newStack(runId, database);
  let web: ChildProcess | undefined;
  let proxy: Server | undefined;
  let browser: Browser | undefined;
  try {
    const t0 = now();
    await produce(stack, events);
    const webPort = await freePort();
    [web] = await Promise.all([startWeb(stack, webPort, staticDir), startService(stack, 'reporting')]);
    const projectedSeconds = await waitForTable(ctx, stack, department.departmentId, fiscalYear, projects, 900_000);
    ctx.log(`produced and projected in ${Math.round((now() - t0) / 1000)} s (the table complete ${Math.round(projectedSeconds)} s after reporting started)`);

    const session = await signIn(webPort);
    const front = await inlineProxy(webPort);
    proxy = front.server;
    const origin = `http://127.0.0.1:${front.port}`;
    const query = `department=${encodeURIComponent(department.departmentId)}&fiscalYear=${fiscalYear}`;
    const screenUrl = `${origin}/table?${query}`;
    const exportUrl = `${origin}/api/reporting/export?format=html&${query}`;

    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await context.addCookies([{ name: 'budget_session', value: session, url: origin, httpOnly: true, sameSite: 'Strict' }]);

    // One of each first (not counted): the assets into the HTTP cache, the services' caches warm.
    const lastRowKey = `project:${lastProject.sheetId}`;
    const warmScreen = await renderScreen(context, screenUrl, lastRowKey);
    const warmExport = await renderExport(context, exportUrl);
    if (warmExport.rowsInDom !== rows) throw new Error(`the html export shows ${warmExport.rowsInDom} rows, ${rows} expected`);
    ctx.log(`warm-up: screen ${Math.round(warmScreen.ms)} ms (${warmScreen.rowsInDom} rows in the DOM), export ${Math.round(warmExport.ms)} ms (${warmExport.rowsInDom} rows)`);

    const screens: PageFigures[] = [];
    const exportRuns: PageFigures[] = [];
    for (let rep = 0; rep < ctx.reps; rep++) {
      const s = await renderScreen(context, screenUrl, lastRowKey);
      const e = await renderExport(context, exportUrl);
      screens.push(s);
      exportRuns.push(e);
      ctx.log(
        `rep ${rep + 1}: screen 合计 at ${Math.round(s.ms)} ms (first paint ${Math.round(s.firstPaintMs ?? Number.NaN)} ms, heap ${s.heapMiB.toFixed(1)} MiB, ` +
          `${s.rowsInDom} rows in the DOM, last row after scrolling ${Math.round(s.scrollToLastMs ?? Number.NaN)} ms, /table answer ${Math.round(s.timeline['/api/reporting/table end'] ?? Number.NaN)} ms); ` +
          `export load at ${Math.round(e.ms)} ms (first byte ${Math.round(e.timeline['document responseStart'] ?? Number.NaN)} ms, last byte ${Math.round(e.timeline['document responseEnd'] ?? Number.NaN)} ms, first paint ${Math.round(e.firstPaintMs ?? Number.NaN)} ms, ${e.rowsInDom} rows)`,
      );
    }
    await context.close();

    const m = series('/table screen: navigation start → 合计 cell in the DOM', 'ms', screens.map((s) => s.ms));
    const b = series('html export: navigation start → load event', 'ms', exportRuns.map((e) => e.ms));
    const ratio = m.median / b.median;
    const pick = (list: readonly PageFigures[], f: (p: PageFigures) => number | null, label: string, unit: string) =>
      series(label, unit, list.map(f).filter((v): v is number => v !== null && Number.isFinite(v)));
    const perRep = (p: PageFigures) => ({
      ms: r1(p.ms),
      secondaryMs: r1(p.secondaryMs),
      firstPaintMs: r1(p.firstPaintMs),
      firstContentfulPaintMs: r1(p.firstContentfulPaintMs),
      heapMiB: r1(p.heapMiB),
      heapAfterGcMiB: r1(p.heapAfterGcMiB),
      domNodes: p.domNodes,
      layoutMs: r1(p.layoutMs),
      scriptMs: r1(p.scriptMs),
      rowsInDom: p.rowsInDom,
      scrollToLastMs: r1(p.scrollToLastMs),
      timeline: Object.fromEntries(Object.entries(p.timeline).map(([k, v]) => [k, r1(v)])),
    });
    const timeline = (list: readonly PageFigures[]) => {
      const keys = [...new Set(list.flatMap((p) => Object.keys(p.timeline)))];
      const medians = keys.map((k) => [k, r1(median(list.map((p) => p.timeline[k]).filter((v): v is number => v !== undefined)))] as const);
      return Object.fromEntries(medians.sort((a, b) => (a[1] ?? 0) - (b[1] ?? 0)));
    };
    const lastSeen = screens.filter((s) => s.scrollToLastMs !== null).length;
    return {
      name: 'B11',
      title: `汇总表 screen vs html export in Chromium (${rows.toLocaleString('en-US')} rows)`,
      mode: ctx.mode,
      date: new Date().toISOString(),
      machine: ctx.machine(),
      parameters: {
        department: department.name,
        departmentId: department.departmentId,
        fiscalYear,
        units: department.units.length,
        projects,
        rows,
        indicators: department.units.reduce((n, u) => n + u.projects.reduce((k, p) => k + p.indicators.length, 0), 0),
        largestDepartmentRows: chosen.largestRows,
        toppedUpWith: chosen.addedUnits > 0 ? { units: chosen.addedUnits, from: chosen.addedFrom } : null,
        events: events.length,
        browser: `${CHROMIUM} ${browser.version()}, headless, ${VIEWPORT.width}×${VIEWPORT.height}`,
        cache: 'one browser context, HTTP cache warm after one uncounted render of each side; a fresh page per render; screen and export alternate',
        signedInAs: 'admin (development sign-in)',
        services: 'reporting and the web server (intake and review are not needed to render)',
        webBuild: `dist/web built ${builtAt}, copied for the run`,
        exportUrl: '/api/reporting/export?format=html&department=…&fiscalYear=… (metadata and chain check by default, as the 导出 button asks)',
        proxy: 'a pass-through proxy in front of the web server for both sides, dropping Content-Disposition so the export renders instead of downloading',
      },
      repetitions: ctx.reps,
      measured: m,
      baseline: b,
      ratio,
      ratioLabel: '× the html export',
      goal: { text: `≤ ${GOAL_RATIO}× the html export`, met: ratio <= GOAL_RATIO },
      extra: {
        screen: {
          grandTotalMs: m,
          frameAfterMs: pick(screens, (s) => s.secondaryMs, 'a frame after 合计 appeared', 'ms'),
          firstPaintMs: pick(screens, (s) => s.firstPaintMs, 'first paint', 'ms'),
          firstContentfulPaintMs: pick(screens, (s) => s.firstContentfulPaintMs, 'first contentful paint', 'ms'),
          heapMiB: pick(screens, (s) => s.heapMiB, 'JS heap used once settled', 'MiB'),
          heapAfterGcMiB: pick(screens, (s) => s.heapAfterGcMiB, 'JS heap used after a GC', 'MiB'),
          domNodes: median(screens.map((s) => s.domNodes)),
          rowsInDom: median(screens.map((s) => s.rowsInDom)),
          scrollToLastRowMs: pick(screens, (s) => s.scrollToLastMs, 'scroll to the end → last project row in the DOM', 'ms'),
          lastRowSeenAfterScrolling: `${lastSeen} of ${screens.length}`,
          timelineMedianMs: timeline(screens),
        },
        export: {
          loadMs: b,
          domContentLoadedMs: pick(exportRuns, (e) => e.secondaryMs, 'DOMContentLoaded', 'ms'),
          firstPaintMs: pick(exportRuns, (e) => e.firstPaintMs, 'first paint', 'ms'),
          heapMiB: pick(exportRuns, (e) => e.heapMiB, 'JS heap used', 'MiB'),
          domNodes: median(exportRuns.map((e) => e.domNodes)),
          rowsInDom: median(exportRuns.map((e) => e.rowsInDom)),
          timelineMedianMs: timeline(exportRuns),
        },
        warmUp: { screen: perRep(warmScreen), export: perRep(warmExport) },
        repetitions: screens.map((s, i) => ({ screen: perRep(s), export: perRep(exportRuns[i]!) })),
        setupSeconds: Math.round((now() - t0) / 1000),
      },
      notes: [
        `The screen's table is virtual from 200 rows: when 合计 shows, ${median(screens.map((s) => s.rowsInDom))} of its ${rows} rows are in the DOM; the export lays out all ${rows}.`,
        'Two cores shared with other work: single repetitions vary; compare medians.',
      ],
      durationSeconds: Math.round((now() - started) / 1000),
    };
  } finally {
    await browser?.close().catch(() => undefined);
    if (proxy) {
      proxy.closeAllConnections();
      await new Promise<void>((resolve) => proxy!.close(() => resolve()));
    }
    await stopChild(web).catch(() => undefined);
    await stopAll(stack).catch(() => undefined);
    await deleteTopics(stack).catch((e: unknown) => ctx.log(`topics not deleted: ${String(e)}`));
    await dropDatabase(database).catch((e: unknown) => ctx.log(`database not dropped: ${String(e)}`));
    rmSync(staticDir, { recursive: true, force: true });
  }
}
