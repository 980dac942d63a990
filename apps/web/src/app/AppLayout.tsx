import { AuditOutlined, BellOutlined, CheckSquareOutlined, EditOutlined, LogoutOutlined, ScheduleOutlined, SettingOutlined, TableOutlined, UserSwitchOutlined } from '@ant-design/icons';
import type { Role } from '@budget/domain';
import { Badge, Button, Layout, Menu, Space, Typography } from 'antd';
import { Suspense } from 'react';
import { Link, Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { useUnreadCount } from '../areas/inbox/inbox-api';
import { useSession, useSignOut } from '../api/session';
import { APP_TITLE, AREA_LABELS, UI } from '../labels';
import { ErrorState, Loading } from '../shared/states';

type Area = keyof typeof AREA_LABELS;

/** Which areas each role works in; the services still decide what each may read and do. */
export const AREAS_BY_ROLE: Readonly<Record<Role, readonly Area[]>> = {
  unit_clerk: ['tasks', 'sheets', 'inbox', 'table'],
  unit_head: ['tasks', 'reviews', 'inbox', 'table', 'delegations'],
  department_reviewer: ['tasks', 'reviews', 'inbox', 'table', 'audit', 'delegations'],
  finance_reviewer: ['tasks', 'reviews', 'inbox', 'table', 'audit', 'delegations'],
  auditor: ['inbox', 'table', 'audit', 'delegations'],
  admin: ['inbox', 'table', 'audit', 'delegations', 'admin'],
  system: [],
};

const ICONS: Record<Area, React.ReactNode> = {
  tasks: <ScheduleOutlined />,
  sheets: <EditOutlined />,
  reviews: <CheckSquareOutlined />,
  inbox: <BellOutlined />,
  table: <TableOutlined />,
  audit: <AuditOutlined />,
  delegations: <UserSwitchOutlined />,
  admin: <SettingOutlined />,
};

export function homePath(role: Role): string {
  return `/${AREAS_BY_ROLE[role][0] ?? 'inbox'}`;
}

function UnreadBadge() {
  const unread = useUnreadCount();
  return (
    <Link to="/inbox" aria-label={`${AREA_LABELS.inbox}（${unread} 条未读）`}>
      <Badge count={unread} size="small">
        <BellOutlined style={{ fontSize: 18, color: '#fff' }} />
      </Badge>
    </Link>
  );
}

export function AppLayout() {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  if (session.isPending) return <Loading />;
  // A failed background check of the session (the web server restarting, a network blip) keeps the
  // screen and whatever is typed in it; only a session never loaded shows the error.
  if (session.isError && session.data === undefined) return <ErrorState error={session.error} onRetry={() => void session.refetch()} />;
  if (!session.data) return <Navigate to="/login" replace state={{ from: location.pathname }} />;
  const { actor, roleLabel } = session.data;
  if (location.pathname === '/') return <Navigate to={homePath(actor.role)} replace />;
  const areas = AREAS_BY_ROLE[actor.role];
  const selected = areas.find((a) => location.pathname.startsWith(`/${a}`) || (a === 'reviews' && location.pathname.startsWith('/reviews')));
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header className="app-header" style={{ display: 'flex', alignItems: 'center', gap: 24, paddingInline: 24 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          {APP_TITLE}
        </Typography.Title>
        <Menu
          theme="dark"
          mode="horizontal"
          selectedKeys={selected ? [selected] : []}
          style={{ flex: 1, minWidth: 0 }}
          items={areas.map((a) => ({ key: a, icon: ICONS[a], label: <Link to={`/${a}`}>{AREA_LABELS[a]}</Link> }))}
        />
        <Space size="middle">
          <UnreadBadge />
          <span style={{ color: '#fff' }} data-testid="current-user">
            {actor.name ?? actor.id}（{roleLabel}）
          </span>
          <Button
            size="small"
            icon={<LogoutOutlined />}
            onClick={() => {
              void signOut().then((leaving) => {
                if (!leaving) void navigate('/login');
              });
            }}
          >
            {UI.signOut}
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </Layout.Content>
    </Layout>
  );
}
