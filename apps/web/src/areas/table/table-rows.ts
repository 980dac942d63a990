import { formatIndicatorCell } from '@budget/domain';
import type { Amounts, AmountsFen, ReportTableView } from './table-api';

export type RowKind = 'total' | 'unit' | 'project';

/** One row of the published layout: 合计, then each unit followed by its projects. */
export interface TableRow {
  readonly key: string;
  readonly kind: RowKind;
  readonly name: string;
  readonly total: string;
  readonly fiscal: string;
  readonly special: string;
  readonly other: string;
  readonly goal: string;
  readonly indicators: string;
  readonly sheetId?: string;
}

/** An amount as published: its 万元 text, blank when zero. */
export function amountCell(text: string, fen: number): string {
  return fen === 0 ? '' : text;
}

function amounts(a: Amounts, fen: AmountsFen) {
  return {
    total: amountCell(a.total, fen.total),
    fiscal: amountCell(a.fiscalAppropriation, fen.fiscalAppropriation),
    special: amountCell(a.specialAccountAppropriation, fen.specialAccountAppropriation),
    other: amountCell(a.otherFunds, fen.otherFunds),
  };
}

export function tableRows(table: ReportTableView, totalLabel: string): TableRow[] {
  const rows: TableRow[] = [
    { key: 'total', kind: 'total', name: totalLabel, ...amounts(table.grandTotal.funding, table.grandTotal.fundingFen), goal: '', indicators: '' },
  ];
  for (const unit of table.units) {
    rows.push({ key: `unit:${unit.unitId}`, kind: 'unit', name: unit.name, ...amounts(unit.funding, unit.fundingFen), goal: '', indicators: '' });
    for (const p of unit.projects) {
      rows.push({
        key: `project:${p.sheetId}`,
        kind: 'project',
        name: p.name,
        ...amounts(p.funding, p.fundingFen),
        goal: p.goal,
        indicators: formatIndicatorCell(p.indicators),
        sheetId: p.sheetId,
      });
    }
  }
  return rows;
}
