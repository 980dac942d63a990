import { formatWanYuan, fundingTotal, type SheetContent, targetValue } from '@budget/domain';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import { App, ConfigProvider } from 'antd';
import type { ReactElement } from 'react';
import { MemoryRouter } from 'react-router';
import type { SheetView } from './sheets-api';

/** A sheet as GET /sheets/:id answers it, from its content (amounts as the service formats them). */
export function viewOf(content: SheetContent, overrides: Partial<SheetView> = {}): SheetView {
  const total = fundingTotal(content.funding);
  return {
    sheetId: content.sheetId,
    version: 1,
    status: 'draft',
    fiscalYear: content.fiscalYear,
    departmentId: content.departmentId,
    unitId: content.unitId,
    projectName: content.projectName,
    funding: {
      fiscalAppropriation: formatWanYuan(content.funding.fiscalAppropriation),
      specialAccountAppropriation: formatWanYuan(content.funding.specialAccountAppropriation),
      otherFunds: formatWanYuan(content.funding.otherFunds),
      total: formatWanYuan(total),
    },
    fundingFen: { ...content.funding, total },
    goal: content.goal,
    indicators: content.indicators,
    createdBy: 'cli-admin',
    lastEditedBy: 'cli-admin',
    submissionNo: 0,
    waiverRequests: [],
    review: null,
    ...overrides,
  };
}

export const ZXRCBT: SheetView = viewOf({
  sheetId: 'ca2dcf5d',
  fiscalYear: 2025,
  departmentId: 'd1',
  unitId: 'u1',
  projectName: 'ZXRCBT',
  funding: { fiscalAppropriation: 50_000_000, specialAccountAppropriation: 0, otherFunds: 0 },
  goal: '',
  indicators: [],
});

export const TRAINING: SheetView = viewOf({
  sheetId: 's-training',
  fiscalYear: 2025,
  departmentId: 'd1',
  unitId: 'u1',
  projectName: '干部教育培训经费',
  funding: { fiscalAppropriation: 30_000_000, specialAccountAppropriation: 0, otherFunds: 0 },
  goal: '完成年度干部教育培训任务，提高干部履职能力',
  indicators: [
    { indicatorId: 'i1', level1: '1-产出指标', level2: '11-数量指标', name: '培训人次', periodTarget: targetValue('≥100人次'), annualTarget: targetValue('≥100人次') },
    { indicatorId: 'i2', level1: '2-效益指标', level2: '22-社会效益', name: '干部履职能力', periodTarget: targetValue('有所提升'), annualTarget: targetValue('有所提升') },
  ],
});

export function renderWithApp(ui: ReactElement) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <ConfigProvider button={{ autoInsertSpace: false }}>
      <App>
        <QueryClientProvider client={client}>
          <MemoryRouter>{ui}</MemoryRouter>
        </QueryClientProvider>
      </App>
    </ConfigProvider>,
  );
}
