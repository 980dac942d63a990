import { type ReportProject } from '../../report/report.types';

/** An approved project of a consolidated table, as the report builds it: what publications seal. */
export function approvedProject(sheetId: string, unitId: string, name: string, fiscalAppropriation: number, recordedAt = '2026-03-20T02:00:00.000Z'): ReportProject {
  const at = { eventId: `e-${sheetId}`, globalPosition: '1', recordedAt };
  return {
    sheetId,
    unitId,
    name,
    funding: { fiscalAppropriation, specialAccountAppropriation: 0, otherFunds: 0 },
    total: fiscalAppropriation,
    goal: `${name}的绩效目标，按计划完成全年任务`,
    indicators: [{ level1: '1-产出指标', level2: '11-数量指标', name: '培训人次', periodTarget: '≥100人', annualTarget: '≥100人' }],
    created: at,
    approval: { at, reviewId: `${sheetId}-1`, grade: '优', conditions: null },
  };
}
