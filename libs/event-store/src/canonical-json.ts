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
  const out = write(value, '', new Set<object>());
  if (out === undefined) throw new TypeError('canonicalJson: the value has no JSON form');
  return out;
}

function write(input: unknown, key: string, ancestors: Set<object>): string | undefined {
  const value = hasToJson(input) ? input.toJSON(key) : input;
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
  if (ancestors.has(value)) throw new TypeError('canonicalJson: cyclic structure');
  ancestors.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((item: unknown, i) => write(item, String(i), ancestors) ?? 'null').join(',')}]`;
  } else {
    const record = value as Record<string, unknown>;
    const members: string[] = [];
    // Default sort compares UTF-16 code units: the same order in every JavaScript engine.
    for (const name of Object.keys(record).sort()) {
      const member = write(record[name], name, ancestors);
      if (member !== undefined) members.push(`${JSON.stringify(name)}:${member}`);
    }
    out = `{${members.join(',')}}`;
  }
  ancestors.delete(value);
  return out;
}

function hasToJson(value: unknown): value is { toJSON(key: string): unknown } {
  return typeof value === 'object' && value !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function';
}
