import { render, screen, within } from '@testing-library/react';
import { previewImport } from './import-preview';
import { ImportPreviewView } from './ImportPreviewView';

const HEADER = '项目名称（资金使用单位）\t总计\t财政拨款\t财政专户拨款\t其他资金\t绩效目标\t绩效指标';
const IND = '1、1-产出指标；11-数量指标；帮扶对象；实施周期指标值：≥100人；年度指标值：≥100人。';

function table(rows: string[]): string {
  return ['项目支出绩效目标表（含转移支付项目）', '', '部门名称：示例部门', '', '单位：万元', '', HEADER, ...rows].join('\n');
}

describe('import preview', () => {
  it('summarises departments, units, projects and totals of a small text table, with no issues', () => {
    const text = table([
      '合计\t40.00\t35.00\t\t5.00\t\t',
      '示例单位甲\t30.00\t30.00\t\t\t\t',
      '项目一\t30.00\t30.00\t\t\t目标一\t' + IND,
      '示例单位乙\t10.00\t5.00\t\t5.00\t\t',
      '项目二\t10.00\t5.00\t\t5.00\t目标二\t' + IND,
    ]);
    const result = previewImport(text);
    if (!result.ok) throw new Error(result.message);
    expect(result.preview).toMatchObject({ departmentName: '示例部门', projects: 2, indicators: 2, grandTotal: '40.00' });
    render(<ImportPreviewView preview={result.preview} />);
    expect(screen.getByTestId('import-grand-total').textContent).toBe('40.00');
    expect(screen.getByText('示例单位甲')).toBeTruthy();
    expect(screen.getByText('解析问题：未发现问题')).toBeTruthy();
  });

  it("lists the parser's issues, such as a unit whose amount is not the sum of its projects", () => {
    const text = table(['合计\t31.00\t31.00\t\t\t\t', '示例单位甲\t31.00\t31.00\t\t\t\t', '项目一\t30.00\t30.00\t\t\t目标一\t' + IND]);
    const result = previewImport(text);
    if (!result.ok) throw new Error(result.message);
    expect(result.preview.issues.map((i) => i.code)).toContain('A03');
    render(<ImportPreviewView preview={result.preview} />);
    const issues = screen.getByRole('region', { name: '解析问题' });
    expect(within(issues).getAllByText('A03').length).toBeGreaterThan(0);
  });

  it('says why a text is not a published table at all', () => {
    const result = previewImport('随便一段文字');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toContain('不是项目支出绩效目标表');
  });
});
