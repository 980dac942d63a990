import type { WaiverRequest } from '@budget/domain';
import { Alert, App, Button, Card, Col, Form, Input, Row, Space } from 'antd';
import { type ReactNode, useState } from 'react';
import { SHEET_FIELD_LABELS, SHEETS } from '../../labels';
import { messageOf } from '../../shared/states';
import { ConflictPanel } from './ConflictPanel';
import { findingsAt } from './field-label';
import { FieldFindings, FindingsPanel } from './FindingsPanel';
import { FundingFields } from './FundingFields';
import { IndicatorTable } from './IndicatorTable';
import { ReviewNotice } from './SheetSummary';
import type { SheetView } from './sheets-api';
import { useDebouncedFindings, useSheetEditor } from './use-sheet-editor';
import { WaiverDialog } from './WaiverDialog';
import { findingsOf } from './editor-model';

function ErrorAlert({ error, onClose }: { error: unknown; onClose: () => void }) {
  if (!error) return null;
  const fieldErrors = error && typeof error === 'object' && 'fieldErrors' in error ? (error as { fieldErrors: readonly { field: string; message: string }[] }).fieldErrors : [];
  return (
    <Alert
      type="error"
      showIcon
      closable
      onClose={onClose}
      title={messageOf(error)}
      description={fieldErrors.length > 0 ? fieldErrors.map((f) => <div key={f.field}>{`${f.field}：${f.message}`}</div>) : undefined}
    />
  );
}

/** The editable sheet: fields, indicators, findings as you type, 保存 / 提交, conflicts. */
export function SheetEditor({ initial, extra }: { initial: SheetView; extra?: ReactNode }) {
  const { message } = App.useApp();
  const editor = useSheetEditor(initial);
  const { base, draft, setDraft } = editor;
  const findings = useDebouncedFindings(base, draft);
  const [waiverOpen, setWaiverOpen] = useState(false);
  const blockingNow = () => findingsOf(base, draft).filter((f) => f.severity === 'B');

  const save = async () => {
    if (await editor.save()) void message.success(SHEETS.saved);
  };
  const submit = async (waivers: WaiverRequest[]) => {
    if (await editor.submit(waivers)) {
      setWaiverOpen(false);
      void message.success(SHEETS.submitted);
    } else setWaiverOpen(false);
  };
  const onSubmitClick = () => {
    if (blockingNow().length > 0) setWaiverOpen(true);
    else void submit([]);
  };
  const busy = editor.busy !== null;

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <ReviewNotice sheet={base} />
      {editor.conflict && <ConflictPanel opened={base} current={editor.conflict} onReload={editor.reloadKeepingEdits} onDiscard={editor.discardEdits} />}
      <ErrorAlert error={editor.error} onClose={editor.clearError} />
      <Space wrap>
        <Button type="primary" onClick={() => void save()} loading={editor.busy === 'save'} disabled={!editor.dirty || editor.invalidAmounts || busy || editor.conflict !== null}>
          {SHEETS.save}
        </Button>
        <Button onClick={onSubmitClick} loading={editor.busy === 'submit'} disabled={editor.invalidAmounts || busy || editor.conflict !== null}>
          {SHEETS.submit}
        </Button>
        {extra}
        <span style={{ color: '#888' }}>
          {SHEETS.versionOf(base.version)} · {editor.dirty ? SHEETS.unsaved : SHEETS.upToDate}
        </span>
      </Space>
      <Row gutter={16}>
        <Col xs={24} xl={16}>
          <Card size="small">
            <Form layout="vertical">
              <Form.Item label={SHEET_FIELD_LABELS.projectName} htmlFor="sheet-projectName" extra={<FieldFindings findings={findingsAt(findings, 'projectName')} />}>
                <Input id="sheet-projectName" value={draft.projectName} onChange={(e) => setDraft((d) => ({ ...d, projectName: e.target.value }))} />
              </Form.Item>
              <FundingFields funding={draft.funding} findings={findings} onChange={(field, text) => setDraft((d) => ({ ...d, funding: { ...d.funding, [field]: text } }))} />
              <Form.Item label={SHEET_FIELD_LABELS.goal} htmlFor="sheet-goal" extra={<FieldFindings findings={findingsAt(findings, 'goal')} />}>
                <Input.TextArea id="sheet-goal" autoSize={{ minRows: 3, maxRows: 10 }} value={draft.goal} onChange={(e) => setDraft((d) => ({ ...d, goal: e.target.value }))} />
              </Form.Item>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <FindingsPanel findings={findings} />
        </Col>
      </Row>
      <Card size="small" title={SHEET_FIELD_LABELS.indicators} extra={<FieldFindings findings={findings.filter((f) => f.field === 'indicators')} />}>
        <IndicatorTable indicators={draft.indicators} findings={findings} onChange={(indicators) => setDraft((d) => ({ ...d, indicators }))} />
      </Card>
      <WaiverDialog open={waiverOpen} blocking={waiverOpen ? blockingNow() : []} pending={editor.busy === 'submit'} onCancel={() => setWaiverOpen(false)} onConfirm={(w) => void submit(w)} />
    </Space>
  );
}
