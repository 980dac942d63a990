import { Card, Tabs } from 'antd';
import { useSearchParams } from 'react-router';
import { ADMIN } from '../../labels';
import { CalendarTab } from './CalendarTab';
import { ChainTab } from './ChainTab';
import { ImportTab } from './ImportTab';
import { OrganisationsTab } from './OrganisationsTab';
import { WebhooksTab } from './WebhooksTab';

/** 管理 (admin): import a published table, departments and units, sign-off chains, the working-day calendar, webhooks. */
export function AdminPage() {
  const [params, setParams] = useSearchParams();
  return (
    <Card size="small">
      <Tabs
        activeKey={params.get('tab') ?? 'import'}
        onChange={(tab) => setParams({ tab }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'import', label: ADMIN.tabImport, children: <ImportTab /> },
          { key: 'organisations', label: ADMIN.tabOrganisations, children: <OrganisationsTab /> },
          { key: 'chain', label: ADMIN.tabChain, children: <ChainTab /> },
          { key: 'calendar', label: ADMIN.tabCalendar, children: <CalendarTab /> },
          { key: 'webhooks', label: ADMIN.tabWebhooks, children: <WebhooksTab /> },
        ]}
      />
    </Card>
  );
}
