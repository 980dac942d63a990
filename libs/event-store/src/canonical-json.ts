/**
 * A serialisation that is the same for a value and for its copy read back from PostgreSQL jsonb
 * (which reorders keys and rewrites numbers) or from any other JSON store: object keys sorted
 * recursively by UTF-16 code units, no whitespace, numbers and strings as JSON.stringify writes
 * them. Numbers survive jsonb because JSON.stringify writes the shortest decimal that parses
 * back to the same double, and jsonb's numeric keeps every digit of it.
 *
 * Follows JSON.stringify where JSON is defined (toJSON, undefined members of objects are left
 * out, undefined in arrays becomes null) and throws where a JSON store could not hold the value
 * faithfully (NaN, Infinity, bigint, functions, symbols, cycles).
 */
export function canonicalJson(value: unknown): string {
  const out = write(value, '', 0);
  if (out === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return out;
}

// Deeper than any event payload; a cycle reaches it quickly, and counting is cheaper than a set of ancestors.
const MAX_DEPTH = 512;

function write(input: unknown, key: string, depth: number): string | undefined {
  let value = input;
  if (typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} has no JSON form (at "${key}")`);
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'bigint':
    case 'function':
    case 'symbol':
      throw new TypeError(`canonicalJson: a ${typeof value} has no JSON form (at "${key}")`);
    case 'object':
      break;
  }
  if (value === null) return 'null';
  if (depth >= MAX_DEPTH) throw new TypeError('canonicalJson: nested too deeply (cyclic structure?)');
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) {
      if (i > 0) out += ',';
      out += write(value[i], String(i), depth + 1) ?? 'null';
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Default sort compares UTF-16 code units: the same order in every JavaScript engine.
  const names = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const name of names) {
    const member = write(record[name], name, depth + 1);
    if (member === undefined) continue;
    out += `${first ? '' : ','}${JSON.stringify(name)}:${member}`;
    first = false;
  }
  return `${out}}`;
}
