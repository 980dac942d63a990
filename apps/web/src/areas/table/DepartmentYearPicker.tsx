import { Form, Select, Space } from 'antd';
import { useSearchParams } from 'react-router';
import { TABLE } from '../../labels';
import type { ReportingDepartment } from './table-api';

/** The default year: the newest with approved sheets, else the newest. */
export function defaultYear(d: ReportingDepartment | undefined): number | undefined {
  if (!d) return undefined;
  const years = [...d.fiscalYears].sort((a, b) => b.fiscalYear - a.fiscalYear);
  return (years.find((y) => y.approved > 0) ?? years[0])?.fiscalYear;
}

/**
 * Department and fiscal year, kept in the address (?department=&fiscalYear=) so a view can be linked.
 * What the address names is used at once, without waiting for the list of departments (which only
 * supplies the defaults), so the table of a linked view loads beside the list, not after it.
 */
export function useDepartmentYear(departments: readonly ReportingDepartment[] | undefined) {
  const [params, setParams] = useSearchParams();
  const departmentId = params.get('department') || departments?.[0]?.departmentId;
  const department = departments?.find((d) => d.departmentId === departmentId);
  const yearParam = Number(params.get('fiscalYear'));
  const fiscalYear = Number.isInteger(yearParam) && yearParam > 0 ? yearParam : defaultYear(department);

  const set = (changes: Record<string, string | undefined>) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        for (const [k, v] of Object.entries(changes)) {
          if (v === undefined) next.delete(k);
          else next.set(k, v);
        }
        return next;
      },
      { replace: true },
    );
  return { params, department, departmentId, fiscalYear, set };
}

export function DepartmentYearPicker({
  departments,
  departmentId,
  fiscalYear,
  onChange,
}: {
  departments: readonly ReportingDepartment[];
  departmentId: string | undefined;
  fiscalYear: number | undefined;
  onChange: (departmentId: string, fiscalYear: number | undefined) => void;
}) {
  const department = departments.find((d) => d.departmentId === departmentId);
  const years = [...(department?.fiscalYears ?? [])].sort((a, b) => b.fiscalYear - a.fiscalYear);
  return (
    <Space wrap>
      <Form.Item label={TABLE.department} htmlFor="table-department" style={{ marginBottom: 0 }}>
        <Select
          id="table-department"
          aria-label={TABLE.department}
          style={{ width: 320 }}
          placeholder={TABLE.chooseDepartment}
          value={departmentId}
          options={departments.map((d) => ({ value: d.departmentId, label: d.name }))}
          onChange={(id: string) => onChange(id, defaultYear(departments.find((d) => d.departmentId === id)))}
          showSearch={{ optionFilterProp: 'label' }}
        />
      </Form.Item>
      <Form.Item label={TABLE.fiscalYear} htmlFor="table-year" style={{ marginBottom: 0 }}>
        <Select
          id="table-year"
          aria-label={TABLE.fiscalYear}
          style={{ width: 120 }}
          value={fiscalYear}
          options={years.map((y) => ({ value: y.fiscalYear, label: `${y.fiscalYear}` }))}
          onChange={(y: number) => departmentId && onChange(departmentId, y)}
        />
      </Form.Item>
    </Space>
  );
}
