import { fireEvent, render, screen } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import { useState } from 'react';
import type { EditorDraft } from './editor-model';
import { FundingFields } from './FundingFields';

function Funding({ initial }: { initial?: Partial<EditorDraft['funding']> }) {
  const [funding, setFunding] = useState<EditorDraft['funding']>({ fiscalAppropriation: '', specialAccountAppropriation: '', otherFunds: '', ...initial });
  return (
    <ConfigProvider>
      <FundingFields funding={funding} findings={[]} onChange={(field, text) => setFunding((f) => ({ ...f, [field]: text }))} />
    </ConfigProvider>
  );
}

const type = (label: string, text: string) => fireEvent.change(screen.getByLabelText(label), { target: { value: text } });
const total = () => screen.getByTestId('funding-total').textContent;

describe('amounts in 万元', () => {
  it('derives the total exactly: 0.1 + 0.2 = 0.30, never 0.30000000000000004', () => {
    render(<Funding />);
    type('财政拨款', '0.1');
    type('其他资金', '0.2');
    expect(total()).toBe('0.30 万元');
  });

  it('keeps every one of 4 decimals in the total (1 元 = 0.0001 万元)', () => {
    render(<Funding />);
    type('财政拨款', '1234.5678');
    type('财政专户拨款', '0.0001');
    type('其他资金', '10');
    expect(total()).toBe('1244.5679 万元');
  });

  it('refuses a 5th decimal as typed: says so, marks the field, shows no total', () => {
    render(<Funding initial={{ fiscalAppropriation: '3' }} />);
    expect(total()).toBe('3.00 万元');
    type('财政拨款', '3.14159');
    expect(screen.getByText('金额最多保留4位小数')).toBeTruthy();
    expect(screen.getByLabelText('财政拨款').getAttribute('aria-invalid')).toBe('true');
    expect(total()).toBe('—');
  });

  it('refuses letters, and accepts the amount again once corrected', () => {
    render(<Funding />);
    type('财政专户拨款', '12abc');
    expect(screen.getByText(/金额格式不正确/)).toBeTruthy();
    expect(total()).toBe('—');
    type('财政专户拨款', '12.5');
    expect(screen.queryByText(/金额格式不正确/)).toBeNull();
    expect(screen.getByLabelText('财政专户拨款').getAttribute('aria-invalid')).toBe('false');
    expect(total()).toBe('12.50 万元');
  });

  it('reads blank as zero and full-width digits as digits', () => {
    render(<Funding />);
    expect(total()).toBe('0.00 万元');
    type('财政拨款', '３０．５');
    expect(total()).toBe('30.50 万元');
  });
});
