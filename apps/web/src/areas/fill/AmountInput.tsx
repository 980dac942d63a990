import type { Finding, RevisionReason } from '@budget/domain';
import { Form, Input } from 'antd';
import { FILL } from '../../labels';
import { amountError } from './editor-state';
import { FieldMarks } from './FieldMarks';

interface Props {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onChange: (text: string) => void;
  readonly findings?: readonly Finding[];
  readonly reasons?: readonly RevisionReason[];
  readonly disabled?: boolean;
}

/**
 * An amount in 万元 as decimal text, read by the domain's parseWanYuan as it is typed: at most 4
 * decimals, no letters, never a float. The text is kept as typed; the error says what is wrong.
 */
export function AmountInput({ id, label, value, onChange, findings = [], reasons = [], disabled }: Props) {
  const error = amountError(value);
  return (
    <Form.Item label={label} htmlFor={id} validateStatus={error ? 'error' : undefined} help={error ?? undefined} style={{ marginBottom: 12 }}>
      <Input
        id={id}
        value={value}
        inputMode="decimal"
        placeholder={FILL.amountPlaceholder}
        suffix={FILL.wanSuffix}
        aria-invalid={error ? true : undefined}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
        style={{ maxWidth: 220 }}
      />
      <FieldMarks findings={findings} reasons={reasons} />
    </Form.Item>
  );
}
