import { FUNDING_FIELDS, formatWanYuan } from '@budget/domain';
import { Alert, Button, Card, Form, Input, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { SHEET_FIELD_LABELS, SHEETS } from '../../labels';
import { messageOf } from '../../shared/states';
import { draftTotal, type EditorDraft } from './editor-model';
import { AmountInput } from './FundingFields';
import { useCreateSheet } from './sheets-api';
import { yearOptions } from './SheetsPage';

/** /sheets/new — fiscal year and project name (amounts and goal optional), then the editor. */
export function NewSheetPage() {
  const navigate = useNavigate();
  const create = useCreateSheet();
  const [fiscalYear, setFiscalYear] = useState<number>(new Date().getFullYear() + 1);
  const [projectName, setProjectName] = useState('');
  const [goal, setGoal] = useState('');
  const [funding, setFunding] = useState<EditorDraft['funding']>({ fiscalAppropriation: '', specialAccountAppropriation: '', otherFunds: '' });
  const [tried, setTried] = useState(false);
  const total = draftTotal(funding);
  const nameMissing = tried && projectName.trim() === '';

  const submit = () => {
    setTried(true);
    if (projectName.trim() === '' || total === null) return;
    const amounts = { fiscalAppropriation: funding.fiscalAppropriation.trim() || '0', specialAccountAppropriation: funding.specialAccountAppropriation.trim() || '0', otherFunds: funding.otherFunds.trim() || '0' };
    create.mutate({ fiscalYear, projectName: projectName.trim(), funding: amounts, ...(goal.trim() ? { goal } : {}) }, { onSuccess: (view) => void navigate(`/sheets/${view.sheetId}`) });
  };

  return (
    <Card title={<Typography.Title level={3} style={{ margin: 0 }}>{SHEETS.newTitle}</Typography.Title>} style={{ maxWidth: 880 }}>
      <Form layout="vertical" onFinish={submit}>
        {create.isError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={messageOf(create.error)} />}
        <Form.Item label={SHEETS.fiscalYear} htmlFor="new-fiscalYear" required>
          <Select id="new-fiscalYear" aria-label={SHEETS.fiscalYear} style={{ width: 160 }} value={fiscalYear} onChange={setFiscalYear} options={yearOptions().map((y) => ({ value: y, label: String(y) }))} />
        </Form.Item>
        <Form.Item label={SHEETS.projectName} htmlFor="new-projectName" required validateStatus={nameMissing ? 'error' : undefined} help={nameMissing ? SHEETS.projectNameRequired : undefined}>
          <Input id="new-projectName" value={projectName} onChange={(e) => setProjectName(e.target.value)} />
        </Form.Item>
        <Space size="large" wrap align="start">
          {FUNDING_FIELDS.map((f) => (
            <AmountInput key={f} id={`new-${f}`} label={SHEET_FIELD_LABELS[f]} value={funding[f]} onChange={(text) => setFunding((v) => ({ ...v, [f]: text }))} />
          ))}
          <Form.Item label={SHEETS.total}>
            <Typography.Text strong aria-label={SHEETS.total}>
              {total === null ? '—' : `${formatWanYuan(total)} ${SHEETS.wanYuan}`}
            </Typography.Text>
          </Form.Item>
        </Space>
        <Form.Item label={SHEETS.goalOptional} htmlFor="new-goal">
          <Input.TextArea id="new-goal" autoSize={{ minRows: 3, maxRows: 8 }} value={goal} onChange={(e) => setGoal(e.target.value)} />
        </Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {SHEETS.create}
          </Button>
          <Button onClick={() => void navigate('/sheets')}>{SHEETS.cancel}</Button>
        </Space>
      </Form>
    </Card>
  );
}
