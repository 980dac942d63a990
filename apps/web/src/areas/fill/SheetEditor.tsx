import type { RevisionReason } from '@budget/domain';
import { Alert, Button, Card, Col, Form, Input, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { FILL, UI } from '../../labels';
import { messageOf } from '../../shared/states';
import { AmountInput } from './AmountInput';
import { ConflictPanel } from './ConflictPanel';
import { draftTotal } from './editor-state';
import { FieldMarks } from './FieldMarks';
import { at } from './field-words';
import type { SheetView } from './fill-api';
import { FindingsPanel } from './FindingsPanel';
import { IndicatorTable } from './IndicatorTable';
import { RevisionNotice } from './RevisionNotice';
import { SheetHeader } from './SheetHeader';
import { SubmitDialog } from './SubmitDialog';
import { useEditor } from './useEditor';

/** The editor of a draft or of a sheet sent back: fields, indicators, findings as you type, 保存 and 提交. */
export function SheetEditor({ initial }: { initial: SheetView }) {
  const editor = useEditor(initial);
  const { base, draft, setDraft, findings, conflict, busy } = editor;
  const [submitting, setSubmitting] = useState(false);
  const reasons: readonly RevisionReason[] = base.status === 'revision_requested' ? (base.review?.reasons ?? []) : [];
  const marks = (path: string) => ({ findings: at(findings, path), reasons: at(reasons, path) });
  const total = draftTotal(draft);
  const blocking = findings.filter((f) => f.severity === 'B');
  const setFunding = (key: keyof typeof draft.funding) => (text: string) => setDraft({ ...draft, funding: { ...draft.funding, [key]: text } });

  return (
    <>
      <SheetHeader
        sheet={base}
        extra={
          <Space>
            {editor.dirty && <Tag color="gold">{FILL.unsaved}</Tag>}
            {/* The name stays 保存 while it saves: Ant Design keeps its spinner (named "loading") in the button until its exit motion ends, which a tab in the background never sees. */}
            <Button
              loading={busy === 'save'}
              aria-label={FILL.save}
              aria-busy={busy === 'save'}
              disabled={!editor.amountsValid || busy !== null}
              onClick={() => void editor.save()}
            >
              {FILL.save}
            </Button>
            <Button
              type="primary"
              disabled={!editor.amountsValid || busy !== null}
              onClick={() => {
                editor.clearError();
                setSubmitting(true);
              }}
            >
              {FILL.submit}
            </Button>
          </Space>
        }
      />
      <RevisionNotice sheet={base} />
      {conflict && <ConflictPanel opened={base} current={conflict} reloading={busy === 'reload'} onReload={() => void editor.reload()} />}
      {editor.error && !submitting ? <Alert type="error" showIcon closable title={UI.actionFailed} description={messageOf(editor.error)} style={{ marginBottom: 16 }} /> : null}
      {editor.notice === 'saved' && !editor.dirty && <Alert type="success" showIcon closable title={FILL.saved} style={{ marginBottom: 16 }} />}
      {editor.notice === 'reloaded' && <Alert type="info" showIcon closable title={FILL.reloaded} style={{ marginBottom: 16 }} />}
      {!editor.amountsValid && <Alert type="warning" showIcon title={FILL.invalidAmounts} style={{ marginBottom: 16 }} />}
      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card size="small">
            <Form layout="vertical" component="div">
              <Form.Item label={FILL.projectName} htmlFor="fill-projectName" style={{ marginBottom: 12 }}>
                <Input id="fill-projectName" value={draft.projectName} maxLength={200} onChange={(e) => setDraft({ ...draft, projectName: e.target.value })} />
                <FieldMarks {...marks('projectName')} />
              </Form.Item>
              <Space wrap align="start" size={16}>
                <AmountInput id="fill-fiscal" label={FILL.fiscal} value={draft.funding.fiscalAppropriation} onChange={setFunding('fiscalAppropriation')} {...marks('funding.fiscalAppropriation')} />
                <AmountInput id="fill-special" label={FILL.special} value={draft.funding.specialAccountAppropriation} onChange={setFunding('specialAccountAppropriation')} {...marks('funding.specialAccountAppropriation')} />
                <AmountInput id="fill-other" label={FILL.other} value={draft.funding.otherFunds} onChange={setFunding('otherFunds')} {...marks('funding.otherFunds')} />
                <Form.Item label={FILL.total} style={{ marginBottom: 12 }}>
                  <Typography.Text strong data-testid="funding-total" aria-label={FILL.total}>
                    {total ?? '—'} {FILL.wanSuffix}
                  </Typography.Text>
                  <FieldMarks {...marks('funding.total')} />
                  <FieldMarks {...marks('funding')} />
                </Form.Item>
              </Space>
              <Form.Item label={FILL.goal} htmlFor="fill-goal" style={{ marginBottom: 12 }}>
                <Input.TextArea id="fill-goal" rows={4} maxLength={5000} value={draft.goal} onChange={(e) => setDraft({ ...draft, goal: e.target.value })} />
                <FieldMarks {...marks('goal')} />
              </Form.Item>
            </Form>
          </Card>
        </Col>
        <Col xs={24} xl={9}>
          <FindingsPanel findings={findings} />
        </Col>
      </Row>
      <Card size="small" title={FILL.indicators} style={{ marginTop: 16 }}>
        <FieldMarks {...marks('indicators')} />
        <IndicatorTable rows={draft.indicators} onChange={(indicators) => setDraft({ ...draft, indicators })} findings={findings} reasons={reasons} />
      </Card>
      <SubmitDialog
        open={submitting}
        blocking={blocking}
        pending={busy === 'submit' || busy === 'save'}
        error={editor.error}
        onCancel={() => setSubmitting(false)}
        onSubmit={(waivers) => {
          // A conflict is shown by the conflict panel; other refusals stay in the dialog.
          void editor.submit(waivers).then((outcome) => {
            if (outcome !== 'error') setSubmitting(false);
          });
        }}
      />
    </>
  );
}
