import { targetValue } from '@budget/domain';
import type { ReactElement } from 'react';
import { renderApp } from '../../api/testing/render';
import type { SheetView } from './fill-api';

type Indicator = SheetView['indicators'][number];

/** A target value as the service sends it: the text and the domain's parse of it. */
const target = (text: string): Indicator['periodTarget'] => {
  const { parsed } = targetValue(text);
  return { text, parsed: { ...parsed } };
};

export function indicator(id: string, over: Partial<Pick<Indicator, 'level1' | 'level2' | 'name'>> & { periodTarget?: string; annualTarget?: string } = {}): Indicator {
  return {
    indicatorId: id,
    level1: over.level1 ?? '1-产出指标',
    level2: over.level2 ?? '11-数量指标',
    name: over.name ?? `指标${id}`,
    periodTarget: target(over.periodTarget ?? '≥100人'),
    annualTarget: target(over.annualTarget ?? '≥100人'),
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
    fundingFen: { fiscalAppropriation: 500_000, specialAccountAppropriation: 0, otherFunds: 0, total: 500_000 },
    goal: '',
    indicators: [],
    createdBy: 'clerk-1',
    lastEditedBy: 'clerk-1',
    submissionNo: 0,
    waiverRequests: [],
    review: null,
    source: null,
    updatedAt: '2026-12-01T02:00:00.000Z',
    ...over,
  };
}

/** Renders as main.tsx does (the application's Ant Design settings), in a router with a fresh query client. */
export function renderWithClient(ui: ReactElement) {
  return renderApp(ui);
}
