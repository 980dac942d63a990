import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { Routes } from '@budget/contracts';
import { type AnswerOf, api, type QueryOf } from '../../api/client';

/** GET /table: the consolidated table of a department and year, now or as of a moment. */
export type ReportTableView = AnswerOf<'reporting', 'table'>;
export type TableUnit = ReportTableView['units'][number];
export type TableProject = TableUnit['projects'][number];
/** Amounts as published: 万元 text, and 分 beside them. */
export type Amounts = ReportTableView['grandTotal']['funding'];
export type AmountsFen = ReportTableView['grandTotal']['fundingFen'];
/** GET /departments of the reporting service: what may be viewed, with its units and years. */
export type ReportingDepartment = AnswerOf<'reporting', 'departments'>['items'][number];
/** GET /progress: each sheet's status and where it waits. */
export type ProgressItem = AnswerOf<'reporting', 'progress'>['items'][number];
export type SheetStatus = ProgressItem['status'];
/** GET /diff: what changed between two moments. */
export type TableDiffView = AnswerOf<'reporting', 'diff'>;
export type FieldChange = TableDiffView['table'][number];

/** What GET /export writes: txt (the published layout), csv, xlsx, html. */
export type ExportFormat = QueryOf<Routes['reporting']['export']>['format'];
export const EXPORT_FORMATS = ['txt', 'csv', 'xlsx', 'html'] as const satisfies readonly ExportFormat[];

export interface TableQuery {
  readonly department: string;
  readonly fiscalYear: number;
  readonly asOf?: string | undefined;
}

const tableParams = (q: TableQuery) => ({ department: q.department, fiscalYear: String(q.fiscalYear), ...(q.asOf ? { asOf: q.asOf } : {}) });

export function useReportingDepartments() {
  return useQuery({
    queryKey: ['reporting', 'departments'],
    queryFn: ({ signal }) => api.report.departments({ signal }),
    select: (d) => d.items,
    staleTime: 30_000,
  });
}

export function useReportTable(q: TableQuery | null) {
  return useQuery({
    queryKey: ['reporting', 'table', q],
    queryFn: ({ signal }) => api.report.table({ query: tableParams(q!), signal }),
    enabled: q !== null,
    placeholderData: keepPreviousData,
  });
}

export function useProgress(departmentId: string | undefined, fiscalYear: number | undefined) {
  return useQuery({
    queryKey: ['reporting', 'progress', departmentId, fiscalYear],
    queryFn: ({ signal }) => api.report.progress({ query: { departmentId, fiscalYear: fiscalYear === undefined ? undefined : String(fiscalYear) }, signal }),
    select: (d) => d.items,
    enabled: departmentId !== undefined && fiscalYear !== undefined,
  });
}

export function useTableDiff(q: { department: string; fiscalYear: number; from: string; to: string } | null) {
  return useQuery({
    queryKey: ['reporting', 'diff', q],
    queryFn: ({ signal }) => api.report.diff({ query: { department: q!.department, fiscalYear: String(q!.fiscalYear), from: q!.from, to: q!.to }, signal }),
    enabled: q !== null,
  });
}

/** The address of a download of the table (a plain link: the browser saves the file as it comes). */
export function exportUrl(format: ExportFormat, q: TableQuery): string {
  return api.report.export.url({ query: { ...tableParams(q), format } });
}

/** GET /departments/:departmentId/publications: the published versions (已发布 / 更正). */
export type PublicationItem = AnswerOf<'reporting', 'publications'>['items'][number];

export function usePublications(departmentId: string, fiscalYear: number) {
  return useQuery({
    queryKey: ['reporting', 'publications', departmentId, fiscalYear],
    queryFn: ({ signal }) => api.publications.list({ departmentId, query: { fiscalYear: String(fiscalYear) }, signal }),
    select: (d) => d.items,
  });
}

/** The address of a published version as a file, exactly as it was published. */
export function publishedExportUrl(departmentId: string, fiscalYear: number, version: number, format: ExportFormat): string {
  return api.publications.export.url({ departmentId, version: String(version), query: { fiscalYear: String(fiscalYear), format } });
}
