import { render, screen } from '@testing-library/react';
import { ApiError } from '../api/http';
import { ErrorState } from './states';

describe('ErrorState', () => {
  it('says a refusal in words instead of a blank page', () => {
    render(<ErrorState error={new ApiError(403, { statusCode: 403, code: 'FORBIDDEN', message: '不能审核本人经办的绩效目标表' })} />);
    expect(screen.getByText('您无权查看此页面')).toBeTruthy();
    expect(screen.getByText('不能审核本人经办的绩效目标表')).toBeTruthy();
  });

  it('shows the service message of any other failure with a retry', () => {
    render(<ErrorState error={new ApiError(500, { statusCode: 500, code: 'HTTP_500', message: '服务暂时不可用，请稍后重试' })} onRetry={() => undefined} />);
    expect(screen.getByText('服务暂时不可用，请稍后重试')).toBeTruthy();
    expect(screen.getByRole('button', { name: /重\s*试/ })).toBeTruthy();
  });
});
