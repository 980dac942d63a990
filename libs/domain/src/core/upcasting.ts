export type EventSchemaErrorCode = 'UNKNOWN_EVENT_TYPE' | 'UNSUPPORTED_SCHEMA_VERSION' | 'MALFORMED_EVENT';

/**
 * A stored or published event this code cannot read. Not a DomainError: it is no user's fault,
 * and consumers dead-letter the message instead of answering a request with it.
 */
export class EventSchemaError extends Error {
  constructor(
    readonly code: EventSchemaErrorCode,
    readonly eventType: string,
    readonly schemaVersion: unknown,
    message: string,
  ) {
    super(message);
    this.name = 'EventSchemaError';
  }
}

/** What an upcaster reads: the stored type, version and JSON data of an envelope. */
export interface StoredEvent {
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: unknown;
}

/** Turns the data of version n into the data of version n + 1; throws via `malformed` on a shape it cannot read. */
export type UpcastStep = (data: unknown) => unknown;

class MalformedData extends Error {}

export function malformed(message: string): never {
  throw new MalformedData(message);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Builds the read-side upcaster of one aggregate. `steps[type][n]` upcasts from version n;
 * data at the current version is passed through unchecked, as the writer was this code.
 */
export function createUpcaster<E extends { readonly type: string; readonly data: unknown }>(
  versions: Readonly<Record<E['type'], number>>,
  steps: { readonly [T in E['type']]?: Readonly<Record<number, UpcastStep>> },
): (stored: StoredEvent) => E {
  const known = (type: string): type is E['type'] => Object.hasOwn(versions, type);

  return ({ type, schemaVersion, data }) => {
    if (!known(type)) throw new EventSchemaError('UNKNOWN_EVENT_TYPE', type, schemaVersion, `unknown event type ${type}`);
    const current = versions[type];
    if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
      throw new EventSchemaError(
        'UNSUPPORTED_SCHEMA_VERSION',
        type,
        schemaVersion,
        `${type} schema version ${String(schemaVersion)} is not readable (current ${current})`,
      );
    }
    let upcast = data;
    try {
      for (let version = schemaVersion; version < current; version++) {
        const step = steps[type]?.[version];
        if (!step) {
          throw new EventSchemaError('UNSUPPORTED_SCHEMA_VERSION', type, schemaVersion, `no upcaster for ${type} v${version}`);
        }
        upcast = step(upcast);
      }
    } catch (error) {
      if (error instanceof MalformedData) {
        throw new EventSchemaError('MALFORMED_EVENT', type, schemaVersion, `${type} v${schemaVersion}: ${error.message}`);
      }
      throw error;
    }
    if (!isRecord(upcast)) throw new EventSchemaError('MALFORMED_EVENT', type, schemaVersion, `${type} data is not an object`);
    return { type, data: upcast } as unknown as E;
  };
}
