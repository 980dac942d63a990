import { Card, Collapse, Space, Typography } from 'antd';
import { hasRole, useActor } from '../../api/session';
import { TABLE } from '../../labels';
import { EmptyState, ErrorState, Loading, QueryState } from '../../shared/states';
import { ComparePanel } from './ComparePanel';
import { ConsolidatedTable } from './ConsolidatedTable';
import { DepartmentYearPicker, useDepartmentYear } from './DepartmentYearPicker';
import { ProgressPanel } from './ProgressPanel';
import { PublicationsPanel } from './PublicationsPanel';
import { useReportingDepartments, useReportTable } from './table-api';
import { TableToolbar } from './TableToolbar';
import { formatBeijing } from './time';

/** 汇总表: the consolidated table of a department and year, now or as of a moment; progress; 对比. */
export function TablePage() {
  const actor = useActor();
  const departments = useReportingDepartments();
  const { params, departmentId, fiscalYear, set } = useDepartmentYear(departments.data);
  const asOf = params.get('asOf') ?? undefined;
  const query = departmentId && fiscalYear ? { department: departmentId, fiscalYear, asOf } : null;
  const table = useReportTable(query);

  const historyLinks = hasRole(actor, 'auditor', 'finance_reviewer', 'admin', 'department_reviewer');
  if (departments.data?.length === 0) return <EmptyState />;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small">
        <Space wrap size="large">
          {departments.data ? (
            <DepartmentYearPicker
              departments={departments.data}
              departmentId={departmentId}
              fiscalYear={fiscalYear}
              onChange={(d, y) => set({ department: d, fiscalYear: y === undefined ? undefined : String(y), asOf: undefined })}
            />
          ) : (
            <QueryState query={departments} />
          )}
          {query && <TableToolbar query={query} onAsOf={(iso) => set({ asOf: iso })} />}
        </Space>
      </Card>
      <Card size="small">
        {!query ? (
          departments.isPending ? <Loading /> : <EmptyState />
        ) : table.isError ? (
          <ErrorState error={table.error} onRetry={() => void table.refetch()} />
        ) : !table.data ? (
          <Loading />
        ) : (
          <>
            <Typography.Paragraph type="secondary" style={{ marginBottom: 4 }}>
              {TABLE.unitsProjects(table.data.units.length, table.data.units.reduce((n, u) => n + u.projects.length, 0))}
              {table.data.asOf.globalPosition && `　${TABLE.asOfPosition(table.data.asOf.globalPosition, formatBeijing(table.data.asOf.recordedAt))}`}
              {table.data.restrictedToUnit && `　${TABLE.restricted}`}
            </Typography.Paragraph>
            {table.data.units.length === 0 && <Typography.Paragraph>{TABLE.noProjects}</Typography.Paragraph>}
            <ConsolidatedTable table={table.data} />
          </>
        )}
      </Card>
      {departmentId && fiscalYear && (
        <Collapse
          defaultActiveKey={['progress']}
          items={[
            { key: 'progress', label: TABLE.progress, children: <ProgressPanel departmentId={departmentId} fiscalYear={fiscalYear} historyLinks={historyLinks} /> },
            { key: 'publications', label: TABLE.publications, children: <PublicationsPanel departmentId={departmentId} fiscalYear={fiscalYear} /> },
            { key: 'compare', label: TABLE.compare, children: <ComparePanel department={departmentId} fiscalYear={fiscalYear} /> },
          ]}
        />
      )}
    </Space>
  );
}
