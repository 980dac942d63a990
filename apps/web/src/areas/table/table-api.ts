import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { ExistingSheet, PublishedIndicator } from '@budget/domain';

export type SheetStatus = ExistingSheet['status'];
import { apiUrl, request } from '../../api/http';

/** Response types of the reporting service, hand-written until the generated client replaces them. */
export interface Amounts {
  readonly fiscalAppropriation: string;
  readonly specialAccountAppropriation: string;
  readonly otherFunds: string;
  readonly total: string;
}

export interface AmountsFen {
  readonly fiscalAppropriation: number;
  readonly specialAccountAppropriation: number;
  readonly otherFunds: number;
  readonly total: number;
}

export interface EventRef {
  readonly eventId: string;
  readonly globalPosition: string;
  readonly recordedAt: string;
}

export interface TableProject {
  readonly sheetId: string;
  readonly name: string;
  readonly funding: Amounts;
  readonly fundingFen: AmountsFen;
  readonly goal: string;
  readonly indicators: readonly PublishedIndicator[];
  readonly approval: { readonly reviewId: string; readonly grade: string; readonly conditions: string | null; readonly at: EventRef };
  readonly created: EventRef;
}

export interface TableUnit {
  readonly unitId: string;
  readonly name: string;
  readonly listed: boolean;
  readonly funding: Amounts;
  readonly fundingFen: AmountsFen;
  readonly projects: readonly TableProject[];
}

export interface ReportTableView {
  readonly title: string;
  readonly departmentId: string;
  readonly departmentName: string;
  readonly fiscalYear: number;
  readonly displayUnit: string;
  readonly asOf: { readonly globalPosition: string | null; readonly recordedAt: string | null };
  readonly restrictedToUnit: string | null;
  readonly checksum: string;
  readonly grandTotal: { readonly funding: Amounts; readonly fundingFen: AmountsFen };
  readonly units: readonly TableUnit[];
}

export interface ReportingDepartment {
  readonly departmentId: string;
  readonly name: string;
  readonly units: readonly { readonly unitId: string; readonly name: string }[];
  readonly fiscalYears: readonly { readonly fiscalYear: number; readonly sheets: number; readonly approved: number }[];
}

export interface ProgressItem {
  readonly sheetId: string;
  readonly departmentId: string;
  readonly fiscalYear: number;
  readonly unitId: string;
  readonly unitName: string | null;
  readonly projectName: string;
  readonly total: number;
  readonly totalText: string;
  readonly status: SheetStatus;
  readonly submissionNo: number;
  readonly waitingAt: { readonly stage: string; readonly label: string };
  readonly lastChange: EventRef;
}

export interface FieldChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface DiffProject {
  readonly key: string;
  readonly sheetId: string | null;
  readonly unit: string;
  readonly name: string;
  readonly total: string;
}

export interface DiffUnit {
  readonly key: string;
  readonly name: string;
  readonly total: string;
}

export interface TableDiffView {
  readonly identical: boolean;
  readonly from: { readonly asOf: { readonly globalPosition: string | null; readonly recordedAt: string | null } | null };
  readonly to: { readonly asOf: { readonly globalPosition: string | null; readonly recordedAt: string | null } | null };
  readonly table: readonly FieldChange[];
  readonly grandTotal: readonly FieldChange[];
  readonly unitsAdded: readonly DiffUnit[];
  readonly unitsRemoved: readonly DiffUnit[];
  readonly unitsChanged: readonly { readonly key: string; readonly name: string; readonly changes: readonly FieldChange[] }[];
  readonly projectsAdded: readonly DiffProject[];
  readonly projectsRemoved: readonly DiffProject[];
  readonly projectsChanged: readonly { readonly key: string; readonly sheetId: string | null; readonly unit: string; readonly name: string; readonly changes: readonly FieldChange[] }[];
}

export type ExportFormat = 'txt' | 'csv' | 'xlsx' | 'html';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['txt', 'csv', 'xlsx', 'html'];

export interface TableQuery {
  readonly department: string;
  readonly fiscalYear: number;
  readonly asOf?: string | undefined;
}

export function useReportingDepartments() {
  return useQuery({
    queryKey: ['reporting', 'departments'],
    queryFn: () => request<{ items: ReportingDepartment[] }>('reporting', '/departments'),
    select: (d) => d.items,
    staleTime: 30_000,
  });
}

export function useReportTable(q: TableQuery | null) {
  return useQuery({
    queryKey: ['reporting', 'table', q],
    queryFn: () => request<ReportTableView>('reporting', '/table', { query: { ...q } }),
    enabled: q !== null,
    placeholderData: keepPreviousData,
  });
}

export function useProgress(departmentId: string | undefined, fiscalYear: number | undefined) {
  return useQuery({
    queryKey: ['reporting', 'progress', departmentId, fiscalYear],
    queryFn: () => request<{ items: ProgressItem[] }>('reporting', '/progress', { query: { departmentId, fiscalYear } }),
    select: (d) => d.items,
    enabled: departmentId !== undefined && fiscalYear !== undefined,
  });
}

export function useTableDiff(q: { department: string; fiscalYear: number; from: string; to: string } | null) {
  return useQuery({
    queryKey: ['reporting', 'diff', q],
    queryFn: () => request<TableDiffView>('reporting', '/diff', { query: { ...q } }),
    enabled: q !== null,
  });
}

export function exportUrl(format: ExportFormat, q: TableQuery): string {
  return apiUrl('reporting', '/export', { format, department: q.department, fiscalYear: q.fiscalYear, asOf: q.asOf });
}
