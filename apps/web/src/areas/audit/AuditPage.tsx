import { Card, Space, Typography } from 'antd';
import { AUDIT } from '../../labels';
import { EmptyState, QueryState } from '../../shared/states';
import { DepartmentYearPicker, useDepartmentYear } from '../table/DepartmentYearPicker';
import { ProgressPanel } from '../table/ProgressPanel';
import { useReportingDepartments } from '../table/table-api';
import { VerifyChains } from './VerifyChains';

/** 审计: find a sheet (department, year, then its row) to open its 变更记录; verify the hash chains. */
export function AuditPage() {
  const departments = useReportingDepartments();
  const { departmentId, fiscalYear, set } = useDepartmentYear(departments.data);
  if (!departments.data) return <QueryState query={departments} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={AUDIT.findSheet}>
        <Typography.Paragraph type="secondary">{AUDIT.findSheetHint}</Typography.Paragraph>
        {departments.data.length === 0 ? (
          <EmptyState />
        ) : (
          <>
            <DepartmentYearPicker
              departments={departments.data}
              departmentId={departmentId}
              fiscalYear={fiscalYear}
              onChange={(d, y) => set({ department: d, fiscalYear: y === undefined ? undefined : String(y) })}
            />
            <div style={{ marginTop: 12 }}>{departmentId && fiscalYear ? <ProgressPanel departmentId={departmentId} fiscalYear={fiscalYear} historyLinks /> : <EmptyState />}</div>
          </>
        )}
      </Card>
      <VerifyChains />
    </Space>
  );
}
