/**
 * What a message costs the reporting service before it is folded: the UTF-8 decode of its value and
 * JSON.parse, per envelope, on the Node.js that runs this. Envelopes shaped like a sheet's event
 * (2.4 KB, much of it Chinese), 2,000 of them, 20 passes after two warm-up rounds. Compare releases
 * by running it with each: `node tools/run.js bench/envelope-decode.js` (README, Benchmarks, issue 14).
 */
const WORDS = '项目支出绩效目标表产出指标数量指标完成率满意度效益指标社会效益';

function envelope(i: number): Buffer {
  const at = new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
  const indicators = Array.from({ length: 12 }, (_, k) => ({
    level1: '产出指标',
    level2: '数量指标',
    name: WORDS.slice(k % 10, (k % 10) + 8),
    operator: '≥',
    value: String(k * 10 + i),
    unit: '个',
    weight: 10,
  }));
  return Buffer.from(
    JSON.stringify({
      eventId: `0a1b2c3d-1111-2222-3333-${String(i).padStart(12, '0')}`,
      type: 'SheetEdited',
      schemaVersion: 1,
      streamId: `sheet-${i}`,
      streamVersion: 3,
      globalPosition: String(i + 1),
      occurredAt: at,
      recordedAt: at,
      actor: { id: 'clerk', role: 'unit_clerk' },
      correlationId: `c-${i}`,
      causationId: null,
      data: { title: WORDS.slice(0, 12), goal: WORDS.repeat(3), indicators },
      prevHash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
    }),
  );
}

function microsecondsPer(values: readonly Buffer[], step: (value: Buffer) => unknown): number {
  let result = 0;
  for (let round = 0; round < 3; round++) {
    const start = process.hrtime.bigint();
    for (let pass = 0; pass < 20; pass++) for (const value of values) step(value);
    result = Number(process.hrtime.bigint() - start) / 1_000 / (20 * values.length);
  }
  return result;
}

const values = Array.from({ length: 2_000 }, (_, i) => envelope(i));
const decode = microsecondsPer(values, (v) => v.toString('utf8'));
const both = microsecondsPer(values, (v) => JSON.parse(v.toString('utf8')) as unknown);
console.log(
  `Node.js ${process.version}: envelope of ${values[0]!.length} bytes (${values[0]!.toString('utf8').length} characters): ` +
    `UTF-8 decode ${decode.toFixed(2)} µs, decode + JSON.parse ${both.toFixed(2)} µs`,
);
