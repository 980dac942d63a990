import { App, Alert, Button, Checkbox, Form, InputNumber, Select, Space, Switch, Table } from 'antd';
import { validateSignOffChain } from '@budget/domain';
import { useEffect, useState } from 'react';
import { ADMIN, SIGN_OFF_LEVEL_NAMES } from '../../labels';
import { ErrorState, messageOf, QueryState } from '../../shared/states';
import { useOrganisations, useSaveSignOffChain, useSignOffChain } from './admin-api';
import { chainOf, rowsOf, type ChainRow } from './chain-edit';

/** 审核流程: a department's sign-off chain — which levels, who may waive, how many hours each has. */
export function ChainTab() {
  const orgs = useOrganisations();
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const current = departmentId ?? orgs.data?.[0]?.departmentId;
  const chain = useSignOffChain(current);
  const save = useSaveSignOffChain(current);
  const { message } = App.useApp();
  const [rows, setRows] = useState<ChainRow[]>([]);
  useEffect(() => {
    if (chain.data) setRows(rowsOf(chain.data.chain));
  }, [chain.data]);

  if (!orgs.data) return <QueryState query={orgs} />;
  const edit = (i: number, change: Partial<ChainRow>) => setRows((rs) => rs.map((r, j) => (j === i ? { ...r, ...change } : r)));
  const errors = validateSignOffChain(chainOf(rows));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Form.Item label={ADMIN.chainDepartment} htmlFor="chain-department" style={{ marginBottom: 0 }}>
        <Select id="chain-department" style={{ width: 360 }} value={current} onChange={setDepartmentId} options={orgs.data.map((d) => ({ value: d.departmentId, label: d.name }))} />
      </Form.Item>
      {chain.isError ? (
        <ErrorState error={chain.error} />
      ) : !chain.data ? (
        <QueryState query={chain} />
      ) : (
        <>
          <Table<ChainRow>
            size="small"
            rowKey="level"
            pagination={false}
            dataSource={rows}
            columns={[
              { title: ADMIN.level, key: 'level', render: (_: unknown, r) => SIGN_OFF_LEVEL_NAMES[r.level] },
              {
                title: ADMIN.enabled,
                key: 'enabled',
                render: (_: unknown, r, i) => <Checkbox aria-label={`${SIGN_OFF_LEVEL_NAMES[r.level]} ${ADMIN.enabled}`} checked={r.enabled} onChange={(e) => edit(i, { enabled: e.target.checked })} />,
              },
              {
                title: ADMIN.mayWaive,
                key: 'mayWaive',
                render: (_: unknown, r, i) => (
                  <Switch aria-label={`${SIGN_OFF_LEVEL_NAMES[r.level]} ${ADMIN.mayWaive}`} disabled={!r.enabled} checked={r.mayWaive} onChange={(v) => edit(i, { mayWaive: v })} />
                ),
              },
              {
                title: ADMIN.dueHours,
                key: 'dueHours',
                render: (_: unknown, r, i) => (
                  <InputNumber
                    aria-label={`${SIGN_OFF_LEVEL_NAMES[r.level]} ${ADMIN.dueHours}`}
                    disabled={!r.enabled}
                    min={1}
                    max={2160}
                    precision={0}
                    value={r.dueHours}
                    onChange={(v) => v !== null && edit(i, { dueHours: v })}
                  />
                ),
              },
              {
                title: ADMIN.dueWorkingDays,
                key: 'dueWorkingDays',
                render: (_: unknown, r, i) => (
                  <InputNumber
                    aria-label={`${SIGN_OFF_LEVEL_NAMES[r.level]} ${ADMIN.dueWorkingDays}`}
                    disabled={!r.enabled}
                    min={1}
                    max={60}
                    precision={0}
                    placeholder={ADMIN.dueWorkingDaysEmpty}
                    value={r.dueWorkingDays}
                    onChange={(v) => edit(i, { dueWorkingDays: v })}
                  />
                ),
              },
            ]}
          />
          {errors.length > 0 && <Alert type="error" showIcon title={errors.map((e) => e.message).join('；')} />}
          <Button
            type="primary"
            disabled={errors.length > 0}
            loading={save.isPending}
            onClick={() => save.mutate(chainOf(rows), { onSuccess: () => void message.success(ADMIN.created), onError: (e) => void message.error(messageOf(e)) })}
          >
            {ADMIN.saveChain}
          </Button>
        </>
      )}
    </Space>
  );
}
