import { Client } from 'pg';
import { SqlFragment, inlineParameters, literal, replacePlaceholders } from './inline-parameters';
import { preparedName, preparesOnServer } from './prepared-statement';

/**
 * A parameterised statement that travels in the simple protocol with others (`BEGIN; …`, `…; COMMIT`),
 * run there as `EXECUTE` of a statement its connection prepared the first time it met this text
 * (simpleText). The simple protocol takes no parameters, so a statement written with its values in
 * (inlineParameters) is parsed, analysed and planned on every run: in B4 that planning was a third of
 * the time PostgreSQL spent in statements. `EXECUTE` with the values as literals reuses the prepared
 * statement and, after a few runs, its generic plan.
 *
 * A SqlFragment among the values is written into the statement's text (it is SQL, not a value) and the
 * placeholders after it are numbered again. The text must come from a bounded set of shapes, values
 * as placeholders, never written in: each text stays prepared while its connection lives.
 */
export class PreparedCall {
  readonly text: string;
  readonly values: readonly unknown[];

  constructor(text: string, values: readonly unknown[]) {
    const kept: unknown[] = [];
    const renumbered = new Map<number, string>();
    this.text = replacePlaceholders('PreparedCall', text, values, (value, index) => {
      if (value instanceof SqlFragment) return value.sql;
      let name = renumbered.get(index);
      if (name === undefined) {
        kept.push(value);
        name = `$${kept.length}`;
        renumbered.set(index, name);
      }
      return name;
    });
    this.values = kept;
  }
}

/** A statement of a simple-protocol round trip: SQL without parameters, or a PreparedCall. */
export type SimpleStatement = string | PreparedCall;

/** The names of the statements prepared with PREPARE on each connection (pg's Client), by simpleText. */
const preparedOn = new WeakMap<Client, Set<string>>();

/** PostgreSQL's codes for "prepared statement … already exists" and "… does not exist". */
const DUPLICATE_PREPARED = '42P05';
const UNKNOWN_PREPARED = '26000';

/**
 * The statements as the text of one simple-protocol query to send on `db`: each PreparedCall as
 * `EXECUTE` with its values as literals. A statement new to the connection is prepared first (`PREPARE`,
 * a round trip once per connection and text; a PREPARE stays when the transaction it ran in rolls
 * back); one whose PREPARE fails rejects with its error, and is prepared again when next used.
 * Anything that is not one connection (a pool, whose next query may go to another; a test's double),
 * or any connection when usePreparedStatements is off, gets each PreparedCall with its values written
 * in (inlineParameters).
 */
export async function simpleText(db: unknown, statements: readonly SimpleStatement[]): Promise<string> {
  const client = db instanceof Client && preparesOnServer() ? db : undefined;
  const texts: string[] = [];
  for (const statement of statements) {
    if (typeof statement === 'string') texts.push(statement);
    else texts.push(client ? await execute(client, statement) : inlineParameters(statement.text, statement.values));
  }
  return texts.join(';\n');
}

async function execute(client: Client, call: PreparedCall): Promise<string> {
  const name = `"${preparedName(call.text)}:s"`;
  let prepared = preparedOn.get(client);
  if (prepared === undefined) {
    prepared = new Set();
    preparedOn.set(client, prepared);
  }
  if (!prepared.has(name)) {
    try {
      await client.query(`PREPARE ${name} AS ${call.text}`);
    } catch (error) {
      if (sqlState(error) !== DUPLICATE_PREPARED) throw error;
    }
    prepared.add(name);
  }
  return call.values.length === 0 ? `EXECUTE ${name}` : `EXECUTE ${name}(${call.values.map(literal).join(', ')})`;
}

/**
 * True for PostgreSQL's "prepared statement … does not exist": the connection lost what simpleText
 * prepared on it (a DISCARD ALL, a DEALLOCATE). Such a connection is closed rather than pooled: a new
 * one prepares its statements again.
 */
export function isUnknownPrepared(error: unknown): boolean {
  return sqlState(error) === UNKNOWN_PREPARED;
}

/** The SQLSTATE of PostgreSQL's error (pg's `code`), if it is one. */
function sqlState(error: unknown): string | undefined {
  return (error as { code?: string } | null)?.code;
}
