import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// scripts/services.sh's supervisor, run as npm start runs it but against two dummy node processes
// (alpha, beta) instead of the services: no database, no Kafka, no npm start. start_service is the
// one thing replaced (same shape: nohup node … &, pid file), so supervise_services is the real one.

const REPO = join(__dirname, '..', '..');
const DUMMY = `// Exits at once (status 3) while its crash file exists, else runs until killed.
const fs = require('node:fs');
if (fs.existsSync(process.env.CRASH_DIR + '/' + process.argv[2])) process.exit(3);
setInterval(() => undefined, 60000);
`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

jest.setTimeout(40_000);

describe('scripts/services.sh: the supervisor of npm start', () => {
  let dir: string;
  let harness: ChildProcess | undefined;
  let output = '';

  const pidOf = (s: string): number | undefined => {
    const f = join(dir, 'local', 'run', `${s}.pid`);
    return existsSync(f) ? Number(readFileSync(f, 'utf8').trim()) : undefined;
  };

  /** bash with lib.sh and services.sh sourced, the services replaced by dummies, then `body`. */
  function run(body: string, env: Record<string, string> = {}): Promise<number | null> {
    const script = `set -euo pipefail
source "${REPO}/scripts/lib.sh"
source "${REPO}/scripts/services.sh"
SERVICES=(alpha beta)
start_service() { nohup node "${join(dir, 'dummy.js')}" "$1" >>"$LOCAL_DIR/logs/$1.log" 2>&1 & echo $! >"$(service_pidfile "$1")"; }
start_services
${body}
`;
    output = '';
    harness = spawn('bash', ['-c', script], { env: { ...process.env, BUDGET_LOCAL_DIR: join(dir, 'local'), CRASH_DIR: dir, SUPERVISE_POLL_S: '0.2', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    harness.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    harness.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    return new Promise((resolve) => harness!.on('exit', (code) => resolve(code)));
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'budget-supervisor-'));
    writeFileSync(join(dir, 'dummy.js'), DUMMY);
  });

  afterEach(async () => {
    if (harness && harness.exitCode === null) harness.kill('SIGKILL');
    for (const s of ['alpha', 'beta']) {
      const pid = pidOf(s);
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    }
    await sleep(100);
    rmSync(dir, { recursive: true, force: true });
  });

  it('restarts a service killed with SIGKILL, after a backoff, and says so', async () => {
    void run('supervise_services');
    const first = await until('alpha to start', () => pidOf('alpha'), 10_000);
    await until('alpha to run', () => alive(first), 10_000);
    process.kill(first, 'SIGKILL');
    const second = await until('alpha to be restarted', () => { const p = pidOf('alpha'); return p !== first && p !== undefined && alive(p) ? p : undefined; }, 10_000);
    expect(second).not.toBe(first);
    await until('the restart in the log', () => output.includes('alpha restarted'), 2_000);
    expect(output).toMatch(/alpha exited; restarting it in 1s \(restart 1 of at most 5/);
    expect(output).toMatch(/alpha restarted \(pid \d+\)/);
    expect(alive(pidOf('beta')!)).toBe(true);
  });

  it('keeps watching the others while one waits out its backoff', async () => {
    writeFileSync(join(dir, 'beta'), '');
    void run('supervise_services', { RESTART_LIMIT: '10' });
    // beta crashes again and again: 1 s, 2 s, then a 4 s backoff.
    await until('beta in its 4 s backoff', () => /beta exited; restarting it in 4s/.test(output), 20_000);
    const started = Date.now();
    const first = pidOf('alpha')!;
    process.kill(first, 'SIGKILL');
    await until('alpha to be restarted', () => { const p = pidOf('alpha'); return p !== first && p !== undefined && alive(p) ? p : undefined; }, 10_000);
    // Within its own 1 s backoff, not after beta's 4 s.
    expect(Date.now() - started).toBeLessThan(3_500);
    await until('the restart in the log', () => output.includes('alpha restarted'), 2_000);
    const after4s = output.slice(output.indexOf('beta exited; restarting it in 4s'));
    expect(after4s.indexOf('alpha restarted')).toBeGreaterThan(-1);
    expect(after4s.indexOf('beta restarted')).toBe(-1);
  });

  it('gives up on one that keeps crashing, and tells the caller in the foreground (npm start) to stop', async () => {
    writeFileSync(join(dir, 'beta'), '');
    const code = await run(
      `trap 'echo "caller: the supervisor gave up"; stop_services; exit 1' USR1
supervise_in_background
wait "$SUPERVISOR_PID"`,
      { RESTART_LIMIT: '2' },
    );
    expect(code).toBe(1);
    expect(output).toMatch(/beta keeps crashing \(2 restarts, each within a minute\): giving up/);
    expect(output).toContain('caller: the supervisor gave up');
    expect(output).toContain('alpha stopped');
  });

  it('is stopped by npm run stop from another terminal before the services, so nothing is started again, and npm start ends', async () => {
    const code = run(`supervise_in_background
wait "$SUPERVISOR_PID" || true
echo "caller: done"`);
    const alpha = await until('alpha to start', () => pidOf('alpha'), 10_000);
    const supervisorPidfile = join(dir, 'local', 'run', 'supervisor.pid');
    await until('the supervisor pid file', () => existsSync(supervisorPidfile), 10_000);
    const stopped = await new Promise<string>((resolve) => {
      let text = '';
      const stop = spawn('bash', ['-c', `set -euo pipefail; source "${REPO}/scripts/lib.sh"; source "${REPO}/scripts/services.sh"; SERVICES=(alpha beta); stop_running_supervisor; stop_services`], {
        env: { ...process.env, BUDGET_LOCAL_DIR: join(dir, 'local') },
      });
      stop.stdout.on('data', (d: Buffer) => (text += d.toString()));
      stop.on('exit', () => resolve(text));
    });
    expect(stopped).toContain('supervisor stopped');
    expect(stopped).toContain('alpha stopped');
    expect(await code).toBe(0);
    expect(output).toContain('caller: done');
    await sleep(1_000);
    expect(alive(alpha)).toBe(false);
    expect(output).not.toMatch(/restart/);
    expect(existsSync(supervisorPidfile)).toBe(false);
  });
});
