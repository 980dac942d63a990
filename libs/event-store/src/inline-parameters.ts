/** SQL text put in place of a parameter as it is (inlineParameters), e.g. a subquery. */
export class SqlFragment {
  constructor(readonly sql: string) {}
}

/**
 * A parameterised statement with its values written in as literals, for the simple protocol (which
 * takes no parameters but carries several statements in one round trip: `BEGIN; …`, `…; COMMIT`).
 * `$n` is replaced by the n-th value: null as NULL, a finite number or a bigint as itself, a boolean
 * as TRUE/FALSE, a string quoted (quoteLiteral), an array of those as an array literal in a
 * string (its element type comes from the cast after the placeholder, `$2::uuid[]`, as it does for
 * a parameter), a SqlFragment as its text. The statement's own text must hold no `$n` but its
 * placeholders (no dollar quoting).
 */
export function inlineParameters(text: string, values: readonly unknown[]): string {
  return replacePlaceholders('inlineParameters', text, values, (value) => literal(value));
}

/** `text` with each placeholder `$n` replaced by `replace` of the n-th value (0-based index beside it); one without a value throws, naming `who`. */
export function replacePlaceholders(who: string, text: string, values: readonly unknown[], replace: (value: unknown, index: number) => string): string {
  return text.replace(/\$(\d+)/g, (placeholder, n: string) => {
    const index = Number(n) - 1;
    if (index < 0 || index >= values.length) throw new Error(`${who}: ${placeholder} has no value (${values.length} given)`);
    return replace(values[index], index);
  });
}

/** A value as inlineParameters writes it in place of its placeholder. */
export function literal(value: unknown): string {
  if (value instanceof SqlFragment) return value.sql;
  if (Array.isArray(value)) return quoteLiteral(`{${value.map(arrayElement).join(',')}}`);
  return scalar(value);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'string') return quoteLiteral(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`inlineParameters: ${value} is not a finite number`);
    return String(value);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  throw new Error(`inlineParameters: cannot write a ${typeof value} as a literal (pass JSON as a string)`);
}

/** An element of an array literal: quoted, its quotes and backslashes escaped; NULL unquoted. */
function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'bigint' && typeof value !== 'boolean') {
    throw new Error(`inlineParameters: cannot write a ${typeof value} in an array literal`);
  }
  return `"${String(value).replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/**
 * A string as a literal, as pg's escapeLiteral writes it (quotes doubled; with a backslash, an E''
 * string with backslashes doubled), with the engine's replace instead of a loop over characters: the
 * values written in are JSON documents of many kilobytes.
 */
export function quoteLiteral(text: string): string {
  const quoted = text.replace(/'/g, "''");
  return text.includes('\\') ? ` E'${quoted.replace(/\\/g, '\\\\')}'` : `'${quoted}'`;
}
