import { DomainError, formatWanYuan, fundingTotal, parsePublishedTable, type TableIssue } from '@budget/domain';

export interface ImportPreview {
  readonly departmentName: string;
  readonly units: readonly { readonly name: string; readonly projects: number; readonly total: string; readonly line: number }[];
  readonly projects: number;
  readonly indicators: number;
  readonly grandTotal: string;
  readonly issues: readonly TableIssue[];
}

/** The published table read in the browser by the domain's parser: what would be imported, and its issues. */
export function previewImport(text: string): { ok: true; preview: ImportPreview } | { ok: false; message: string } {
  try {
    const { table, issues } = parsePublishedTable(text);
    return {
      ok: true,
      preview: {
        departmentName: table.departmentName,
        units: table.units.map((u) => ({ name: u.name, projects: u.projects.length, total: formatWanYuan(fundingTotal(u.funding)), line: u.line })),
        projects: table.units.reduce((n, u) => n + u.projects.length, 0),
        indicators: table.units.reduce((n, u) => n + u.projects.reduce((m, p) => m + p.indicators.length, 0), 0),
        grandTotal: formatWanYuan(fundingTotal(table.grandTotal.funding)),
        issues,
      },
    };
  } catch (e) {
    if (e instanceof DomainError) return { ok: false, message: e.message };
    throw e;
  }
}
