import type { Role } from '@budget/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Select, Typography } from 'antd';
import { Navigate, useNavigate } from 'react-router';
import { authRequest, setCsrfToken } from '../../api/http';
import { SESSION_KEY, type SessionInfo, useSession } from '../../api/session';
import { homePath } from '../../app/AppLayout';
import { APP_TITLE, UI } from '../../labels';
import { ErrorState, Loading, messageOf } from '../../shared/states';

interface Options {
  readonly roles: readonly { readonly role: Role; readonly label: string }[];
  readonly departments: readonly { readonly departmentId: string; readonly name: string; readonly units: readonly { readonly unitId: string; readonly name: string }[] }[];
}

interface FormValues {
  role?: Role;
  departmentId?: string;
  unitId?: string;
}

const UNIT_ROLES: readonly Role[] = ['unit_clerk', 'unit_head'];
const DEPARTMENT_ROLES: readonly Role[] = [...UNIT_ROLES, 'department_reviewer'];

function DevSignIn() {
  const [form] = Form.useForm<FormValues>();
  const role = Form.useWatch('role', form);
  const departmentId = Form.useWatch('departmentId', form);
  const client = useQueryClient();
  const navigate = useNavigate();
  const options = useQuery({ queryKey: ['sign-in-options'], queryFn: () => authRequest<Options>('/dev/options') });
  const signIn = useMutation({
    mutationFn: (values: FormValues) => authRequest<SessionInfo>('/dev/login', { method: 'POST', json: values }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      client.clear();
      client.setQueryData(SESSION_KEY, session);
      void navigate(homePath(session.actor.role), { replace: true });
    },
  });
  if (options.isPending) return <Loading />;
  if (options.isError) return <ErrorState error={options.error} onRetry={() => void options.refetch()} />;
  const department = options.data.departments.find((d) => d.departmentId === departmentId);
  return (
    <Form form={form} layout="vertical" onFinish={(values) => signIn.mutate(values)} requiredMark={false}>
      <Typography.Paragraph type="secondary">{UI.devSignInHint}</Typography.Paragraph>
      <Form.Item name="role" label={UI.role} rules={[{ required: true, message: UI.chooseRole }]}>
        <Select
          placeholder={UI.chooseRole}
          options={options.data.roles.map((r) => ({ value: r.role, label: r.label }))}
          onChange={() => form.setFieldsValue({ departmentId: undefined, unitId: undefined })}
        />
      </Form.Item>
      {role && DEPARTMENT_ROLES.includes(role) && (
        <Form.Item name="departmentId" label={UI.department} rules={[{ required: true, message: UI.chooseDepartment }]}>
          <Select
            placeholder={UI.chooseDepartment}
            showSearch
            optionFilterProp="label"
            options={options.data.departments.map((d) => ({ value: d.departmentId, label: d.name }))}
            onChange={() => form.setFieldsValue({ unitId: undefined })}
          />
        </Form.Item>
      )}
      {role && UNIT_ROLES.includes(role) && department && (
        <Form.Item name="unitId" label={UI.unit} rules={[{ required: true, message: UI.chooseUnit }]}>
          <Select placeholder={UI.chooseUnit} showSearch optionFilterProp="label" options={department.units.map((u) => ({ value: u.unitId, label: u.name }))} />
        </Form.Item>
      )}
      {signIn.isError && <Alert type="error" showIcon message={messageOf(signIn.error)} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
        {UI.signIn}
      </Button>
    </Form>
  );
}

export function LoginPage() {
  const session = useSession();
  const methods = useQuery({ queryKey: ['sign-in-methods'], queryFn: () => authRequest<{ development: boolean; oidc: boolean }>('/methods') });
  if (session.data) return <Navigate to={homePath(session.data.actor.role)} replace />;
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <Card title={UI.signInTitle} style={{ width: 420 }}>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {APP_TITLE}
        </Typography.Title>
        {methods.isPending ? <Loading /> : methods.data?.development ? <DevSignIn /> : <Alert type="info" showIcon message={UI.productionSignInHint} />}
      </Card>
    </div>
  );
}
