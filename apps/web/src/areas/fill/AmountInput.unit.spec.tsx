import { fireEvent, screen } from '@testing-library/react';
import { draftOf, draftTotal, planSave } from './editor-state';
import { renderWithClient, sheetView } from './fill-fixture';
import { SheetEditor } from './SheetEditor';

// Ant Design in jsdom is slow on a busy machine.
jest.setTimeout(180_000);

const amount = (label: string) => screen.getByLabelText<HTMLInputElement>(label);
const total = () => screen.getByTestId('funding-total').textContent;
const type = (label: string, value: string) => fireEvent.change(amount(label), { target: { value } });

describe('amounts in 万元 (the domain reads them as typed)', () => {
  beforeEach(() => renderWithClient(<SheetEditor initial={sheetView()} />));

  it('shows the saved amounts as exact decimal text and the derived total', () => {
    expect(amount('财政拨款').value).toBe('50.00');
    expect(amount('财政专户拨款').value).toBe('0.00');
    expect(total()).toBe('50.00 万元');
  });

  it('0.1 + 0.2 is 0.30, exactly', () => {
    type('财政拨款', '0.1');
    type('财政专户拨款', '0.2');
    type('其他资金', '');
    expect(total()).toBe('0.30 万元');
  });

  it('keeps 4 decimals exactly (1 元 is 0.0001 万元)', () => {
    type('财政拨款', '302.2001');
    type('其他资金', '0.0001');
    expect(total()).toBe('302.2002 万元');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('refuses a 5th decimal: says so, no total, 保存 and 提交 disabled', () => {
    type('财政拨款', '3.14159');
    expect(screen.getByText('金额最多保留4位小数')).toBeTruthy();
    expect(amount('财政拨款').getAttribute('aria-invalid')).toBe('true');
    expect(total()).toBe('— 万元');
    expect(screen.getByRole('button', { name: '保存' }).hasAttribute('disabled')).toBe(true);
    expect(screen.getByRole('button', { name: '提交' }).hasAttribute('disabled')).toBe(true);
  });

  it('refuses letters', () => {
    type('财政专户拨款', '12abc');
    expect(screen.getByText(/金额格式不正确/)).toBeTruthy();
    expect(total()).toBe('— 万元');
    type('财政专户拨款', '12');
    expect(screen.queryByText(/金额格式不正确/)).toBeNull();
    expect(total()).toBe('62.00 万元');
  });
});

describe('what 保存 sends for amounts', () => {
  it('all three amounts as 万元 text, normalised, only when they changed', () => {
    const sheet = sheetView();
    const same = { ...draftOf(sheet), funding: { fiscalAppropriation: '50', specialAccountAppropriation: '', otherFunds: '0' } };
    expect(planSave(sheet, same)).toEqual([]);
    const changed = { ...draftOf(sheet), funding: { fiscalAppropriation: '0.1', specialAccountAppropriation: '0.2', otherFunds: '' } };
    expect(draftTotal(changed)).toBe('0.30');
    expect(planSave(sheet, changed)).toEqual([{ kind: 'patch', json: { funding: { fiscalAppropriation: '0.10', specialAccountAppropriation: '0.20', otherFunds: '0.00' } } }]);
  });
});
