import { SIGN_OFF_LEVEL_NAMES } from '../review/review.labels';
import { type SignOffLevel } from '../review/review.types';
import { type DeadlineEvent, type SupervisorPost, type TaskDeadlineStatus } from './deadlines.types';

/** Who an overdue level goes up to. */
export const SUPERVISOR_POST_LABELS: Readonly<Record<SupervisorPost, string>> = {
  department_head: '部门负责人',
  finance_section_chief: '财政科室负责人',
};

/** The status of an open task's deadline in 待办 and in /progress. */
export const TASK_DEADLINE_STATUS_LABELS: Readonly<Record<TaskDeadlineStatus, string>> = {
  on_time: '未到期',
  due_soon: '即将到期',
  overdue: '已逾期',
  unknown_calendar: '期限待定（节假日安排未收录）',
};

export const DEADLINE_EVENT_LABELS: Readonly<Record<DeadlineEvent['type'], string>> = {
  LevelTaskReminded: '到期提醒',
  LevelTaskEscalated: '逾期督办',
  BatchReminderSent: '催办',
};

/** The texts of the notifications (inbox, webhook, e-mail); the notifier sends them as they are. */
export const DEADLINE_TEXTS = {
  reminder: (projectName: string, level: SignOffLevel, dueDate: string, workingDaysLeft: number) =>
    `绩效目标表“${projectName}”待${SIGN_OFF_LEVEL_NAMES[level]}审核，办理期限为${dueDate}，` +
    (workingDaysLeft > 0 ? `还剩${workingDaysLeft}个工作日，请及时办理。` : '今天到期，请及时办理。'),
  escalation: (projectName: string, level: SignOffLevel, dueDate: string, overdueWorkingDays: number | null) =>
    `绩效目标表“${projectName}”的${SIGN_OFF_LEVEL_NAMES[level]}审核已于${dueDate}到期` +
    (overdueWorkingDays !== null && overdueWorkingDays > 0 ? `，已逾期${overdueWorkingDays}个工作日` : '，已逾期') +
    '，请督促办理。',
  batchReminder: (departmentName: string, fiscalYear: number, deadline: string, drafts: number) =>
    `${departmentName}催办：${fiscalYear}年度绩效目标表请于${deadline}前报送，贵单位尚有${drafts}张未报送。`,
} as const;

export const DEADLINE_MESSAGES = {
  leadInvalid: '提前提醒的工作日数须为0到20之间的整数',
  mayBatchRemind: '只有本部门的部门审核人可以催办',
  deadlinePassed: '催办截止日期已过',
  noOpenDrafts: '没有尚未报送的单位，无需催办',
  messageTooLong: (max: number) => `催办说明不能超过${max}个字`,
} as const;
