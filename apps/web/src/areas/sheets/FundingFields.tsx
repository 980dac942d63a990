import { type Finding, FUNDING_FIELDS, type FundingField, formatWanYuan } from '@budget/domain';
import { Col, Form, Input, Row, Typography } from 'antd';
import { SHEET_FIELD_LABELS, SHEETS } from '../../labels';
import { type EditorDraft, draftTotal, parseAmount } from './editor-model';
import { findingsAt } from './field-label';
import { FieldFindings } from './FindingsPanel';

/** One amount in 万元 as typed; checked on every keystroke by the domain's parser (at most 4 decimals, no letters). */
export function AmountInput({ id, label, value, onChange, disabled }: { id: string; label: string; value: string; onChange: (text: string) => void; disabled?: boolean }) {
  const parsed = parseAmount(value);
  return (
    <Form.Item label={label} htmlFor={id} validateStatus={parsed.ok ? undefined : 'error'} help={parsed.ok ? undefined : parsed.message} style={{ marginBottom: 12 }}>
      <Input
        id={id}
        value={value}
        inputMode="decimal"
        autoComplete="off"
        suffix={SHEETS.wanYuan}
        disabled={disabled}
        aria-invalid={!parsed.ok}
        onChange={(e) => onChange(e.target.value)}
      />
    </Form.Item>
  );
}

/** 财政拨款, 财政专户拨款, 其他资金 and the 总计 derived from them (never typed). */
export function FundingFields({ funding, onChange, findings, disabled }: { funding: EditorDraft['funding']; onChange: (field: FundingField, text: string) => void; findings: readonly Finding[]; disabled?: boolean }) {
  const total = draftTotal(funding);
  return (
    <Row gutter={16} align="top">
      {FUNDING_FIELDS.map((field) => (
        <Col span={6} key={field}>
          <AmountInput id={`funding-${field}`} label={SHEET_FIELD_LABELS[field]} value={funding[field]} onChange={(text) => onChange(field, text)} disabled={disabled} />
          <FieldFindings findings={findingsAt(findings, `funding.${field}`)} />
        </Col>
      ))}
      <Col span={6}>
        <Form.Item label={SHEETS.total} style={{ marginBottom: 12 }}>
          <Typography.Text strong data-testid="funding-total" aria-label={SHEETS.total} style={{ fontSize: 16 }}>
            {total === null ? '—' : `${formatWanYuan(total)} ${SHEETS.wanYuan}`}
          </Typography.Text>
        </Form.Item>
        <FieldFindings findings={findingsAt(findings, 'funding.total')} />
      </Col>
    </Row>
  );
}
