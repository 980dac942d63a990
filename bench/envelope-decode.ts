/**
 * What a message costs the reporting service before it is folded: the UTF-8 decode of its value and
 * JSON.parse, per envelope, on the Node.js that runs this. The envelopes are B5's own (cityLog: the
 * quick city's history, department streams then sheets from draft to approval), the first 20,000 as
 * Kafka carries them; two warm-up rounds, then the third is timed. Compare releases by running it
 * with each: `node tools/run.js bench/envelope-decode.js` (README, Benchmarks, issue 14).
 */
import { cityLog } from './b5-rebuild';
import { createContext } from './lib/context';

const EVENTS = 20_000;

function microsecondsPer(values: readonly Buffer[], step: (value: Buffer) => unknown): number {
  let result = 0;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    for (const value of values) step(value);
    result = Number(process.hrtime.bigint() - start) / 1_000 / values.length;
  }
  return result;
}

const values = [...cityLog(createContext('quick', 1, 'envelope-decode'), EVENTS)].map((e) => Buffer.from(JSON.stringify(e)));
const bytes = values.reduce((n, v) => n + v.length, 0);
const decode = microsecondsPer(values, (v) => v.toString('utf8'));
const both = microsecondsPer(values, (v) => JSON.parse(v.toString('utf8')) as unknown);
console.log(
  `Node.js ${process.version}: ${values.length} envelopes of B5's log, ${Math.round(bytes / values.length)} bytes on average: ` +
    `UTF-8 decode ${decode.toFixed(2)} µs, decode + JSON.parse ${both.toFixed(2)} µs per envelope`,
);
