import { App, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { hasRole, useActor } from '../../api/session';
import { DELEGATION, UI } from '../../labels';
import { EmptyState, messageOf, QueryState } from '../../shared/states';
import { type DelegationItem, useDelegations, useGrantDelegation, useRevokeDelegation } from './delegations-api';

interface GrantForm {
  delegateId: string;
  from: string;
  to: string;
  reason: string;
}

const STATUS_COLORS: Record<DelegationItem['status'], string> = { scheduled: 'blue', in_force: 'green', ended: 'default', revoked: 'default' };

const personOf = (p: DelegationItem['delegator']): string => (p.name ? `${p.name}（${p.id}）` : p.id);

/** 委托: the delegate by user id (as the people directory knows them), the first and last day, why. */
export function GrantDelegation() {
  const grant = useGrantDelegation();
  const { message } = App.useApp();
  const [form] = Form.useForm<GrantForm>();
  const submit = ({ delegateId, from, to, reason }: GrantForm) =>
    grant.mutate(
      { delegateId: delegateId.trim(), from, to, reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(DELEGATION.granted);
          form.resetFields();
        },
        onError: (e) => void message.error(messageOf(e)),
      },
    );
  return (
    <Card size="small" title={DELEGATION.grantTitle} style={{ marginBottom: 16 }}>
      <Form form={form} layout="vertical" onFinish={submit} style={{ maxWidth: 560 }} aria-label={DELEGATION.grantTitle}>
        <Form.Item name="delegateId" label={DELEGATION.delegate} rules={[{ required: true, whitespace: true, message: DELEGATION.required(DELEGATION.delegateColumn) }]}>
          <Input placeholder={DELEGATION.delegatePlaceholder} />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="from" label={DELEGATION.from} rules={[{ required: true, message: DELEGATION.required(DELEGATION.from) }]} style={{ flex: 1 }}>
            <Input type="date" />
          </Form.Item>
          <Form.Item name="to" label={DELEGATION.to} rules={[{ required: true, message: DELEGATION.required(DELEGATION.to) }]} style={{ flex: 1 }}>
            <Input type="date" />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="reason" label={DELEGATION.reason} rules={[{ required: true, whitespace: true, message: DELEGATION.required(DELEGATION.reason) }]}>
          <Input placeholder={DELEGATION.reasonPlaceholder} maxLength={200} />
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={grant.isPending}>
          {DELEGATION.grant}
        </Button>
      </Form>
    </Card>
  );
}

/** The delegations, with 撤销 (and its reason) on those the caller gave and that have not ended. */
export function DelegationList({ items, actorId, isAdmin }: { items: readonly DelegationItem[]; actorId: string; isAdmin: boolean }) {
  const revoke = useRevokeDelegation();
  const { message } = App.useApp();
  const [revoking, setRevoking] = useState<DelegationItem | null>(null);
  const [reason, setReason] = useState('');
  if (items.length === 0) return <EmptyState description={DELEGATION.none} />;
  const confirm = () => {
    if (!revoking || reason.trim() === '') return;
    revoke.mutate(
      { delegationId: revoking.delegationId, reason: reason.trim() },
      {
        onSuccess: () => {
          void message.success(DELEGATION.revoked);
          setRevoking(null);
          setReason('');
        },
        onError: (e) => void message.error(messageOf(e)),
      },
    );
  };
  return (
    <>
      <Table<DelegationItem>
        size="small"
        rowKey="delegationId"
        aria-label={DELEGATION.listTitle}
        dataSource={[...items]}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        columns={[
          { title: DELEGATION.delegator, key: 'delegator', render: (_, d) => personOf(d.delegator) },
          { title: DELEGATION.delegateColumn, key: 'delegate', render: (_, d) => personOf(d.delegate) },
          { title: DELEGATION.from, dataIndex: 'from', width: 110 },
          { title: DELEGATION.to, dataIndex: 'to', width: 110 },
          { title: DELEGATION.reason, dataIndex: 'reason' },
          { title: DELEGATION.status, key: 'status', width: 90, render: (_, d) => <Tag color={STATUS_COLORS[d.status]}>{d.statusLabel}</Tag> },
          {
            title: UI.actions,
            key: 'revoke',
            width: 80,
            render: (_, d) =>
              (d.status === 'in_force' || d.status === 'scheduled') && (isAdmin || d.delegator.id === actorId) ? (
                <Button size="small" danger aria-label={`${DELEGATION.revoke} ${d.delegate.name ?? d.delegate.id}`} onClick={() => setRevoking(d)}>
                  {DELEGATION.revoke}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={revoking !== null}
        title={DELEGATION.revokeTitle}
        okText={DELEGATION.revoke}
        cancelText={UI.cancel}
        okButtonProps={{ danger: true, disabled: reason.trim() === '', loading: revoke.isPending }}
        onOk={confirm}
        onCancel={() => setRevoking(null)}
      >
        <Input.TextArea aria-label={DELEGATION.revokeReason} placeholder={DELEGATION.revokeReasonPlaceholder} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={200} />
      </Modal>
    </>
  );
}

/** 代理审批: the sign-off roles delegate their level for a date range and revoke it; admins and auditors see them all. */
export function DelegationsPage() {
  const actor = useActor();
  const delegations = useDelegations();
  const mayGrant = hasRole(actor, 'unit_head', 'department_reviewer', 'finance_reviewer');
  const everyone = hasRole(actor, 'admin', 'auditor');
  return (
    <>
      <Typography.Title level={3}>{DELEGATION.title}</Typography.Title>
      <Typography.Paragraph type="secondary">{DELEGATION.hint}</Typography.Paragraph>
      {mayGrant && <GrantDelegation />}
      <Card size="small" title={everyone ? DELEGATION.allTitle : DELEGATION.listTitle}>
        {!delegations.data ? <QueryState query={delegations} /> : <DelegationList items={delegations.data.items} actorId={actor.id} isAdmin={actor.role === 'admin'} />}
      </Card>
    </>
  );
}
