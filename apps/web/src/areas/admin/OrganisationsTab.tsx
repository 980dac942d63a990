import { App, Button, Form, Input, Select, Space, Table } from 'antd';
import { ADMIN } from '../../labels';
import { messageOf, QueryState } from '../../shared/states';
import { useAddUnit, useCreateDepartment, useOrganisations, type OrgDepartment } from './admin-api';

/** 部门和单位: every department with its units in order; register a department or a unit. */
export function OrganisationsTab() {
  const orgs = useOrganisations();
  const createDepartment = useCreateDepartment();
  const addUnit = useAddUnit();
  const { message } = App.useApp();
  const [deptForm] = Form.useForm<{ name: string }>();
  const [unitForm] = Form.useForm<{ departmentId: string; name: string }>();
  if (!orgs.data) return <QueryState query={orgs} />;
  const done = (reset: () => void) => ({ onSuccess: () => (reset(), void message.success(ADMIN.created)), onError: (e: unknown) => void message.error(messageOf(e)) });

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form form={deptForm} layout="inline" onFinish={(v) => createDepartment.mutate(v.name.trim(), done(() => deptForm.resetFields()))}>
        <Form.Item name="name" label={ADMIN.newDepartmentName} rules={[{ required: true, whitespace: true }]}>
          <Input style={{ width: 320 }} />
        </Form.Item>
        <Button htmlType="submit" type="primary" loading={createDepartment.isPending}>
          {ADMIN.createDepartment}
        </Button>
      </Form>
      <Form form={unitForm} layout="inline" onFinish={(v) => addUnit.mutate({ departmentId: v.departmentId, name: v.name.trim() }, done(() => unitForm.resetFields(['name'])))}>
        <Form.Item name="departmentId" label={ADMIN.departments} rules={[{ required: true }]}>
          <Select style={{ width: 320 }} options={orgs.data.map((d) => ({ value: d.departmentId, label: d.name }))} />
        </Form.Item>
        <Form.Item name="name" label={ADMIN.newUnitName} rules={[{ required: true, whitespace: true }]}>
          <Input style={{ width: 260 }} />
        </Form.Item>
        <Button htmlType="submit" loading={addUnit.isPending}>
          {ADMIN.addUnit}
        </Button>
      </Form>
      <Table<OrgDepartment>
        size="small"
        rowKey="departmentId"
        pagination={false}
        dataSource={orgs.data}
        columns={[
          { title: ADMIN.departments, dataIndex: 'name', key: 'name', width: 320 },
          { title: ADMIN.unitName, key: 'units', render: (_: unknown, d) => d.units.map((u) => u.name).join('、') },
        ]}
      />
    </Space>
  );
}
