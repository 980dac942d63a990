import { REVIEW_GRADES, type ReviewFinding, type ReviewGrade } from '@budget/domain';
import { FormModal } from '../../shared/FormModal';
import { Form, Input, Radio } from 'antd';
import { GRADE_LABELS, REVIEW } from '../../labels';
import { WarningsNotice } from './WarningsNotice';

export interface GradeInput {
  readonly grade: ReviewGrade;
  readonly comments?: string;
  readonly conditions?: string;
}

interface Props {
  readonly open: boolean;
  readonly warnings: readonly ReviewFinding[];
  readonly pending: boolean;
  readonly error: unknown;
  readonly onCancel: () => void;
  readonly onSubmit: (input: GradeInput) => void;
}

/** 评定等级 at the last level: 优/良 approve (良 with optional conditions), 中 sends back, 差 rejects; 中 and 差 need comments. */
export function GradeModal({ open, warnings, pending, error, onCancel, onSubmit }: Props) {
  const [form] = Form.useForm<{ grade?: ReviewGrade; comments?: string; conditions?: string }>();
  const grade = Form.useWatch('grade', form);
  return (
    <FormModal open={open} title={REVIEW.grade} form={form} pending={pending} error={error} onCancel={onCancel}>
      {(grade === '优' || grade === '良') && <WarningsNotice warnings={warnings} />}
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ comments: '', conditions: '' }}
        onFinish={(v) => {
          if (!v.grade) return;
          const comments = (v.comments ?? '').trim();
          const conditions = (v.conditions ?? '').trim();
          onSubmit({ grade: v.grade, ...(comments ? { comments } : {}), ...(v.grade === '良' && conditions ? { conditions } : {}) });
        }}
      >
        <Form.Item name="grade" label={REVIEW.gradeChoice} rules={[{ required: true, message: REVIEW.gradeRequired }]}>
          <Radio.Group options={REVIEW_GRADES.map((g) => ({ value: g, label: GRADE_LABELS[g] }))} />
        </Form.Item>
        <Form.Item
          name="comments"
          label={REVIEW.gradeComments}
          dependencies={['grade']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value: string) =>
                ['中', '差'].includes(String(getFieldValue('grade'))) && !value?.trim() ? Promise.reject(new Error(REVIEW.gradeCommentsRequired)) : Promise.resolve(),
            }),
          ]}
        >
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
        {grade === '良' && (
          <Form.Item name="conditions" label={REVIEW.gradeConditions}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}
