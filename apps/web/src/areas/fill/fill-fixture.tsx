import { targetValue, type SheetIndicator } from '@budget/domain';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { ConfigProvider } from 'antd';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import type { SheetView } from './fill-api';

export function indicator(id: string, over: Partial<Omit<SheetIndicator, 'periodTarget' | 'annualTarget'>> & { periodTarget?: string; annualTarget?: string } = {}): SheetIndicator {
  return {
    indicatorId: id,
    level1: over.level1 ?? '1-产出指标',
    level2: over.level2 ?? '11-数量指标',
    name: over.name ?? `指标${id}`,
    periodTarget: targetValue(over.periodTarget ?? '≥100人'),
    annualTarget: targetValue(over.annualTarget ?? '≥100人'),
  };
}

/** ZXRCBT as imported from the reference table: no goal, no indicators, 50.00 万元. */
export function sheetView(over: Partial<SheetView> = {}): SheetView {
  return {
    sheetId: 's1',
    version: 1,
    status: 'draft',
    fiscalYear: 2024,
    departmentId: 'd1',
    unitId: 'u1',
    projectName: 'ZXRCBT',
    funding: { fiscalAppropriation: '50.00', specialAccountAppropriation: '0.00', otherFunds: '0.00', total: '50.00' },
    goal: '',
    indicators: [],
    createdBy: 'clerk-1',
    lastEditedBy: 'clerk-1',
    submissionNo: 0,
    waiverRequests: [],
    review: null,
    ...over,
  };
}

/** Renders as main.tsx does (buttons without an inserted space), in a router with a fresh query client. */
export function renderWithClient(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <ConfigProvider button={{ autoInsertSpace: false }}>
        <MemoryRouter>{ui}</MemoryRouter>
      </ConfigProvider>
    </QueryClientProvider>,
  );
}
