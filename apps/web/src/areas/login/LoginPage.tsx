import type { Role } from '@budget/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Divider, Form, Select, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { authRequest, setCsrfToken } from '../../api/http';
import { SESSION_KEY, type SessionInfo, useSession } from '../../api/session';
import { homePath } from '../../app/AppLayout';
import { APP_TITLE, SIGN_IN_ERRORS, UI } from '../../labels';
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
      {signIn.isError && <Alert type="error" showIcon title={messageOf(signIn.error)} style={{ marginBottom: 16 }} />}
      <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
        {UI.signIn}
      </Button>
    </Form>
  );
}

/**
 * Sign-in through the organisation's identity provider: the browser goes to the web server, which
 * sends it on to the provider (authorization code with PKCE) and, once back, to the application.
 * A plain navigation, not a form: the provider is another origin.
 */
function OidcSignIn({ only }: { only: boolean }) {
  return (
    <>
      {only && <Typography.Paragraph type="secondary">{UI.productionSignInHint}</Typography.Paragraph>}
      <Button type="primary" size="large" block icon={<SafetyCertificateOutlined />} onClick={() => window.location.assign('/auth/oidc/login')}>
        {only ? UI.signIn : `${UI.oidcSignIn}${UI.signIn}`}
      </Button>
      {only && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0, textAlign: 'center' }}>
          {UI.oidcSignIn}
        </Typography.Paragraph>
      )}
    </>
  );
}

function SignInError() {
  const [params] = useSearchParams();
  const error = params.get('error');
  if (!error) return null;
  const message = Object.hasOwn(SIGN_IN_ERRORS, error) ? SIGN_IN_ERRORS[error as keyof typeof SIGN_IN_ERRORS] : SIGN_IN_ERRORS.failed;
  return <Alert type="error" showIcon title={message} style={{ marginBottom: 16 }} />;
}

export function LoginPage() {
  const session = useSession();
  const methods = useQuery({ queryKey: ['sign-in-methods'], queryFn: () => authRequest<{ development: boolean; oidc: boolean }>('/methods') });
  if (session.data) return <Navigate to={homePath(session.data.actor.role)} replace />;
  const body = () => {
    if (methods.isPending) return <Loading />;
    if (methods.isError) return <ErrorState error={methods.error} onRetry={() => void methods.refetch()} />;
    const { development, oidc } = methods.data;
    if (development && oidc) {
      return (
        <>
          <DevSignIn />
          <Divider plain>{UI.oidcSignIn}</Divider>
          <OidcSignIn only={false} />
        </>
      );
    }
    if (development) return <DevSignIn />;
    if (oidc) return <OidcSignIn only />;
    return <Alert type="info" showIcon title={UI.productionSignInHint} />;
  };
  return (
    <div style={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', background: '#f5f5f5' }}>
      <Card title={UI.signInTitle} style={{ width: 420 }}>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {APP_TITLE}
        </Typography.Title>
        <SignInError />
        {body()}
      </Card>
    </div>
  );
}
