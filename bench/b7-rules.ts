/**
 * B7: the review rules over the city's sheets. The review service gets each submission as JSON
 * from Kafka and runs evaluateRules() on its content; the baseline is the same loop doing only
 * the JSON.parse, so the ratio is the share of time left after the rules.
 */
import { evaluateRules, RULE_SET_VERSION, type SheetContent } from '@budget/domain';
import { sheetContent, sheetsOf } from './generator';
import { type BenchContext } from './lib/context';
import { series, type BenchResult } from './lib/results';
import { now } from './lib/stats';

export const GOAL_SHEETS_PER_SECOND = 5_000;

function parseOnly(messages: readonly string[]): { seconds: number; check: number } {
  const start = now();
  let check = 0;
  for (const message of messages) {
    const content = JSON.parse(message) as SheetContent;
    check += content.indicators.length;
  }
  return { seconds: (now() - start) / 1000, check };
}

function parseAndEvaluate(messages: readonly string[]): { seconds: number; check: number; findings: number } {
  const start = now();
  let check = 0;
  let findings = 0;
  for (const message of messages) {
    const content = JSON.parse(message) as SheetContent;
    check += content.indicators.length;
    findings += evaluateRules(content).length;
  }
  return { seconds: (now() - start) / 1000, check, findings };
}

export function runB7(ctx: BenchContext): Promise<BenchResult> {
  const started = now();
  const city = ctx.city();
  const year = city.options.fiscalYear;
  // The sheets as the submissions carry them: content with every target value parsed.
  // --quick: 600 sheets are enough for a rate (the full run takes all of the city's).
  const refs = [...sheetsOf(city)].slice(0, ctx.mode === 'quick' ? 600 : undefined);
  const messages = refs.map((ref) => JSON.stringify(sheetContent(ref, year)));
  const bytes = messages.reduce((n, m) => n + Buffer.byteLength(m), 0);
  ctx.log(`${messages.length} sheets, ${(bytes / 1024 / 1024).toFixed(1)} MiB of JSON`);

  // Warm-up: let the JIT see every rule before anything is timed.
  parseAndEvaluate(messages.slice(0, Math.min(2000, messages.length)));
  parseOnly(messages.slice(0, Math.min(2000, messages.length)));

  const measured: number[] = [];
  const baseline: number[] = [];
  let findings = 0;
  for (let rep = 0; rep < ctx.reps; rep++) {
    // Alternating, so drift of the machine hits both sides alike.
    const b = parseOnly(messages);
    const m = parseAndEvaluate(messages);
    if (b.check !== m.check) throw new Error('B7: the two loops read different sheets');
    baseline.push(messages.length / b.seconds);
    measured.push(messages.length / m.seconds);
    findings = m.findings;
    ctx.log(`rep ${rep + 1}: rules ${Math.round(messages.length / m.seconds)} sheets/s, parse only ${Math.round(messages.length / b.seconds)} sheets/s`);
  }
  const m = series('JSON.parse + evaluateRules', 'sheets/s', measured);
  const b = series('JSON.parse only', 'sheets/s', baseline);
  const result: BenchResult = {
    name: 'B7',
    title: `rule evaluation of ${messages.length.toLocaleString('en-US')} sheets`,
    mode: ctx.mode,
    date: new Date().toISOString(),
    machine: ctx.machine(),
    parameters: { sheets: messages.length, indicators: city.counts.indicators, jsonMiB: Number((bytes / 1024 / 1024).toFixed(1)), ruleSet: RULE_SET_VERSION },
    repetitions: ctx.reps,
    measured: m,
    baseline: b,
    ratio: m.median / b.median,
    ratioLabel: '× parse-only',
    goal: { text: `≥ ${GOAL_SHEETS_PER_SECOND.toLocaleString('en-US')} sheets/s`, met: m.median >= GOAL_SHEETS_PER_SECOND },
    extra: {
      findingsPerRun: findings,
      findingsPerSheet: Number((findings / messages.length).toFixed(2)),
      microsecondsPerSheet: Number((1e6 / m.median).toFixed(1)),
      rulesOnlyMicrosecondsPerSheet: Number((1e6 / m.median - 1e6 / b.median).toFixed(1)),
    },
    notes: [],
    durationSeconds: Math.round((now() - started) / 1000),
  };
  return Promise.resolve(result);
}
