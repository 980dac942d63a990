import { TABLE } from '../../labels';

const OLD = { background: '#fff1f0', color: '#a8071a', padding: '0 2px' } as const;
const NEW = { background: '#f6ffed', color: '#135200', padding: '0 2px', textDecoration: 'none' } as const;

/** An old value struck through in red; absent values say （无）. */
export function OldValue({ value }: { value: string | null }) {
  return value === null ? <span>{TABLE.none}</span> : <del style={OLD}>{value}</del>;
}

/** A new value highlighted in green. */
export function NewValue({ value }: { value: string | null }) {
  return value === null ? <span>{TABLE.none}</span> : <ins style={NEW}>{value}</ins>;
}

/** old → new, highlighted. */
export function ChangeValue({ before, after }: { before: string | null; after: string | null }) {
  return (
    <span className="change-value">
      <OldValue value={before} /> → <NewValue value={after} />
    </span>
  );
}
