import { type Writable } from 'node:stream';
import { formatIndicatorCell, formatWanYuan, fundingTotal, type PublishedProject } from '@budget/domain';
import { type ExportOptions, type ExportSource } from './export.types';
import { CHAIN_HEAD_HEADER, chainHeadRows, metadataEntries } from './metadata';
import { TextSink } from './sink';

const BOM = '\uFEFF';
const CRLF = '\r\n';
const INDICATOR_COLUMNS = ['一级指标', '二级指标', '三级指标', '实施周期指标值', '年度指标值'] as const;

/**
 * One row per project, for analysis: department, year, unit, project, the four amounts in 万元
 * (exact decimals, zero written as 0.00), goal, the indicator count, then one group of five
 * columns per indicator (指标1一级指标 … 指标1年度指标值, as many groups as the longest list),
 * and last the indicator cell as published. UTF-8 with a BOM so Excel reads it as UTF-8;
 * RFC 4180: CRLF, fields with a comma, quote or line break quoted, quotes doubled.
 */
export async function writeCsv(source: ExportSource, out: Writable, options: ExportOptions = {}): Promise<void> {
  const { table } = source;
  const guard = options.guardFormulas ?? true;
  const text = (value: string): string => field(guard ? guarded(value) : value);
  const groups = table.units.reduce((max, u) => u.projects.reduce((m, p) => Math.max(m, p.indicators.length), max), 0);
  const header = [
    '部门',
    '预算年度',
    '资金使用单位',
    '项目名称',
    '总计（万元）',
    '财政拨款（万元）',
    '财政专户拨款（万元）',
    '其他资金（万元）',
    '绩效目标',
    '指标数',
    ...Array.from({ length: groups }, (_, i) => INDICATOR_COLUMNS.map((c) => `指标${i + 1}${c}`)).flat(),
    '绩效指标',
  ];
  const year = source.meta?.fiscalYear ?? null;
  const sink = new TextSink(out);
  await sink.write(BOM + header.map(field).join(',') + CRLF);
  for (const unit of table.units) {
    for (const project of unit.projects) {
      const cells = [
        text(table.departmentName),
        year === null ? '' : String(year),
        text(unit.name),
        text(project.name),
        ...amounts(project),
        text(project.goal),
        String(project.indicators.length),
        ...Array.from({ length: groups }, (_, i) => {
          const x = project.indicators[i];
          return x ? [x.level1, x.level2, x.name, x.periodTarget, x.annualTarget].map(text) : INDICATOR_COLUMNS.map(() => '');
        }).flat(),
        text(formatIndicatorCell(project.indicators)),
      ];
      await sink.write(cells.join(',') + CRLF);
    }
  }
  if (options.metadata === true) {
    const rows = [[], ['导出信息'], ...metadataEntries(source), [], [...CHAIN_HEAD_HEADER], ...chainHeadRows(source)];
    for (const row of rows) await sink.write(row.map(text).join(',') + CRLF);
  }
  await sink.end();
}

function amounts(p: PublishedProject): string[] {
  const f = p.funding;
  return [fundingTotal(f), f.fiscalAppropriation, f.specialAccountAppropriation, f.otherFunds].map(formatWanYuan);
}

/** RFC 4180 quoting. */
export function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function guarded(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
