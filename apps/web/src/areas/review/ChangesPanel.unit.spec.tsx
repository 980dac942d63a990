import { render, screen } from '@testing-library/react';
import { ChangesPanel } from './ChangesPanel';
import { reviewAt } from './review-fixture';
import { fieldPathLabel as fieldLabel } from '../../labels';

describe('what changed since the previous round', () => {
  const round2 = reviewAt('department', [], {
    round: 2,
    submissionNo: 2,
    changesSincePrevious: { fields: ['goal', 'funding.otherFunds'], indicatorsAdded: [], indicatorsRemoved: [], indicatorsChanged: [], indicatorsReordered: false },
  });
  const content = { ...round2.content, goal: '全年完成课题2项', funding: { ...round2.content.funding, otherFunds: 1_500_000 } };
  const review = { ...round2, content };
  const previous = { ...content, goal: '旧的目标', funding: { ...content.funding, otherFunds: 0 } };

  it('shows each changed field old → new, the new value marked as changed', () => {
    render(<ChangesPanel review={review} previous={previous} previousFailed={false} />);
    expect(screen.getByText('绩效目标')).toBeTruthy();
    expect(screen.getByText('旧的目标').tagName).toBe('DEL');
    const now = screen.getByText('全年完成课题2项');
    expect(now.tagName).toBe('INS');
    expect(now.getAttribute('data-changed')).toBe('true');
    expect(screen.getByText('其他资金')).toBeTruthy();
    expect(screen.getByText('0.00').tagName).toBe('DEL');
    expect(screen.getByText('1.50').tagName).toBe('INS');
  });

  it('a first submission says so', () => {
    render(<ChangesPanel review={reviewAt('unit_head')} previous={null} previousFailed={false} />);
    expect(screen.getByText('首次报送')).toBeTruthy();
  });

  it('names finding paths in words', () => {
    expect(fieldLabel('indicators[2].annualTarget')).toBe('第3个指标 · 年度指标值');
    expect(fieldLabel('funding.total')).toBe('总计');
    expect(fieldLabel('goal')).toBe('绩效目标');
  });
});
