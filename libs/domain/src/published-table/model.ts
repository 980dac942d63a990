import { type Fen, type Funding } from '../money';

/**
 * The consolidated table a department publishes (项目支出绩效目标表（含转移支付项目）), as read
 * from or written to its text layout. Texts are kept exactly as written; amounts are exact 分.
 */

export interface PublishedIndicator {
  /** As written, e.g. `1-产出指标`; resolve with findLevel1(). */
  readonly level1: string;
  /** As written, e.g. `11-数量指标`; resolve with findLevel2(). */
  readonly level2: string;
  readonly name: string;
  readonly periodTarget: string;
  readonly annualTarget: string;
}

export interface PublishedProject {
  readonly name: string;
  readonly funding: Funding;
  /** The 总计 cell as written; A01 compares it with fundingTotal(funding). */
  readonly writtenTotal: Fen;
  readonly goal: string;
  readonly indicators: readonly PublishedIndicator[];
  /** 1-based line in the source text. */
  readonly line: number;
}

export interface PublishedUnit {
  readonly name: string;
  readonly funding: Funding;
  readonly writtenTotal: Fen;
  readonly projects: readonly PublishedProject[];
  readonly line: number;
}

export interface PublishedTable {
  readonly title: string;
  readonly departmentName: string;
  /** Always `万元`: the only unit the layout is read and written in. */
  readonly displayUnit: string;
  /** The 合计 row. */
  readonly grandTotal: { readonly funding: Funding; readonly writtenTotal: Fen };
  readonly units: readonly PublishedUnit[];
}

export type TableIssueCode =
  | 'A01' // a row's 总计 differs from 财政拨款 + 财政专户拨款 + 其他资金
  | 'A02' // an amount that is not a number ≥ 0 with at most 4 decimals
  | 'A03' // a unit's or the 合计 row's amount differs from the sum of its projects
  | 'PARSE'; // the layout is off: a row or an indicator cell could not be read as expected

/** Something wrong in a table that was still readable; nothing is silently corrected. */
export interface TableIssue {
  /** 1-based line in the source, or null for the table as a whole. */
  readonly line: number | null;
  /** A TableIssueCode; typed as string so callers can pass issues on beside rule findings. */
  readonly code: string;
  /** In Chinese, for the clerk. */
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

export const TABLE_HEADER = ['项目名称（资金使用单位）', '总计', '财政拨款', '财政专户拨款', '其他资金', '绩效目标', '绩效指标'] as const;
export const DISPLAY_UNIT = '万元';
export const GRAND_TOTAL_LABEL = '合计';
