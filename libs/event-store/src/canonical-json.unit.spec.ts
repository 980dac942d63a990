import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys recursively and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('gives the same text whatever the key order of the input', () => {
    const one = { amount: 1.5, unit: { id: 'u1', name: '财政局' }, tags: ['b', 'a'] };
    const other = { tags: ['b', 'a'], unit: { name: '财政局', id: 'u1' }, amount: 1.5 };
    expect(canonicalJson(one)).toBe(canonicalJson(other));
  });

  it('keeps array order', () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it('sorts by UTF-16 code units, not by locale', () => {
    expect(canonicalJson({ b: 1, B: 2, 中: 3, a: 4 })).toBe('{"B":2,"a":4,"b":1,"中":3}');
  });

  it('writes numbers in the shortest form that parses back to the same double', () => {
    expect(canonicalJson([1.0, 100, 1e21, 1e-7, 0.1 + 0.2, -0, 2 ** 53 + 2])).toBe(
      '[1,100,1e+21,1e-7,0.30000000000000004,0,9007199254740994]',
    );
  });

  it('gives a number the same form as its copy parsed from any JSON spelling of it', () => {
    // jsonb hands numbers back as numeric text ("1.0", "0.0000001", "1000000000000000000000").
    for (const [spelling, value] of [
      ['1.0', 1],
      ['0.0000001', 1e-7],
      ['1000000000000000000000', 1e21],
      ['1.50', 1.5],
    ] as const) {
      expect(canonicalJson(JSON.parse(spelling))).toBe(canonicalJson(value));
    }
  });

  it('escapes strings as JSON does', () => {
    expect(canonicalJson({ s: 'line\n"quoted"\u2028 é' })).toBe('{"s":"line\\n\\"quoted\\"\u2028 é"}');
  });

  it('follows JSON.stringify for undefined, toJSON and Dates', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], c: new Date('2024-03-01T08:00:00.000Z') })).toBe(
      '{"b":[null],"c":"2024-03-01T08:00:00.000Z"}',
    );
  });

  it('refuses values no JSON store keeps faithfully', () => {
    expect(() => canonicalJson({ n: NaN })).toThrow(TypeError);
    expect(() => canonicalJson({ n: Infinity })).toThrow(TypeError);
    expect(() => canonicalJson({ n: 1n })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/cyclic/);
    expect(canonicalJson(JSON.parse(`${"[".repeat(100)}1${"]".repeat(100)}`))).toBe(`${"[".repeat(100)}1${"]".repeat(100)}`);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});
