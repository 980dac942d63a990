import { type DelegationEvent, type DelegationStatus } from './delegation.types';

export const DELEGATION_EVENT_LABELS: Readonly<Record<DelegationEvent['type'], string>> = {
  DelegationGranted: '委托代理审批',
  DelegationRevoked: '撤销代理审批',
};

/** Where a delegation stands on a given day. */
export const DELEGATION_STATUS_LABELS: Readonly<Record<DelegationStatus, string>> = {
  scheduled: '未开始',
  in_force: '代理中',
  ended: '已到期',
  revoked: '已撤销',
};

/** How a history line names an action taken by a delegate. */
export const ACTING_FOR_LABEL = (delegatorName: string) => `代${delegatorName}审核`;

export const DELEGATION_MESSAGES = {
  mayGrant: '只能由本人或系统管理员委托代理审批',
  mayRevoke: '只能由委托人本人或系统管理员撤销代理审批',
  notSignOffRole: '只有单位负责人、部门审核人和财政审核人可以委托代理审批',
  sameRole: '只能委托给同一角色的人员',
  sameOrganisation: '只能委托给本单位（本部门）的人员',
  sameDesk: '受托人须负责委托人所负责的全部部门',
  notSelf: '不能委托给本人',
  fromAfterTo: '开始日期不能晚于结束日期',
  fromInPast: '开始日期不能早于今天',
  tooLong: (days: number) => `代理期限不能超过${days}天`,
  reasonRequired: '请说明委托理由（如请假、出差）',
  reasonTooLong: (max: number) => `理由不能超过${max}个字`,
  overlaps: (from: string, to: string) => `${from}至${to}已有代理审批，请先撤销`,
  exists: '该代理审批已存在',
  notFound: '代理审批不存在',
  alreadyRevoked: '该代理审批已撤销',
  alreadyEnded: '该代理审批已到期，无需撤销',
  notDelegate: '您不是该代理审批的受托人',
  notInForce: '代理审批不在有效期内',
  levelRole: '代理审批的角色与本审核环节不符',
  delegateUnknown: '人员名录中没有该受托人（须先由管理员登记）',
  delegatorUnknown: '人员名录中没有该委托人（须先由管理员登记）',
  delegatorRequired: '管理员代为委托时须指定委托人',
  fourEyesDelegate: '受托人不能审核本人创建、最后修改或报送的绩效目标表',
} as const;
