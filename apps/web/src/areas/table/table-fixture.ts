import type { Amounts, AmountsFen, ReportTableView, TableProject } from './table-api';

export function money(fiscal: number, special = 0, other = 0): { funding: Amounts; fundingFen: AmountsFen } {
  const text = (fen: number) => `${Math.floor(fen / 1_000_000)}.${String(fen % 1_000_000).padStart(6, '0').slice(0, 2)}`;
  const total = fiscal + special + other;
  return {
    funding: { fiscalAppropriation: text(fiscal), specialAccountAppropriation: text(special), otherFunds: text(other), total: text(total) },
    fundingFen: { fiscalAppropriation: fiscal, specialAccountAppropriation: special, otherFunds: other, total },
  };
}

const at = { eventId: 'e', globalPosition: '1', recordedAt: '2026-12-03T08:24:26.342Z' };
function project(sheetId: string, name: string, fiscal: number, other = 0): TableProject {
  return {
    sheetId,
    name,
    ...money(fiscal, 0, other),
    goal: `${name}的绩效目标`,
    indicators: [{ level1: '1-产出指标', level2: '11-数量指标', name: '帮扶对象', periodTarget: '≥100人', annualTarget: '≥100人' }],
    approval: { reviewId: 'r', grade: '良', conditions: null, at },
    created: at,
  };
}

/** 组织部 and 电教中心 with three approved projects: 合计 307.20. */
export const SAMPLE: ReportTableView = {
  generation: 1,
  requested: 'latest',
  chainHeads: [],
  title: '项目支出绩效目标表（含转移支付项目）',
  departmentId: 'd1',
  departmentName: '中国共产党广州市荔湾区委员会组织部',
  fiscalYear: 2024,
  displayUnit: '万元',
  asOf: { globalPosition: '46', recordedAt: at.recordedAt },
  restrictedToUnit: null,
  checksum: 'x',
  grandTotal: money(302_200_000, 0, 5_000_000),
  units: [
    { unitId: 'u1', name: '组织部', listed: true, ...money(297_200_000), projects: [project('s1', '关爱党员专项经费', 30_000_000), project('s2', 'ZXRCBT', 267_200_000)] },
    { unitId: 'u2', name: '电教中心', listed: true, ...money(5_000_000, 0, 5_000_000), projects: [project('s3', '电教中心业务工作经费', 0, 5_000_000)] },
  ],
};
