/**
 * Every word of the application's own chrome. Words of the domain (statuses, roles, fields,
 * severities, levels) come from the label modules of libs/domain, so screens, exports and API
 * messages say the same thing.
 */
export {
  ROLE_LABELS,
  SHEET_STATUS_LABELS,
  SHEET_FIELD_LABELS,
  REVIEW_STATUS_LABELS,
  FINDING_SEVERITY_LABELS,
  GRADE_LABELS,
  SIGN_OFF_LEVEL_NAMES,
  WAIVER_STATUS_LABELS,
  fieldPathLabel,
  indicatorOrdinal,
  NOTIFICATION_KIND_LABELS,
  CARRY_FORWARD_LABELS,
  ACTING_FOR_LABEL,
  DELEGATION_STATUS_LABELS,
  DAY_KIND_LABELS,
  LOCAL_DAY_KIND_LABELS,
} from '@budget/domain';

export const APP_TITLE = '预算绩效目标管理';

export const AREA_LABELS = {
  tasks: '待办',
  sheets: '填报',
  reviews: '审核',
  inbox: '通知',
  table: '汇总表',
  audit: '审计',
  delegations: '代理审批',
  admin: '管理',
} as const;

export const UI = {
  signIn: '登录',
  signOut: '退出登录',
  signInTitle: '登录预算绩效目标管理系统',
  devSignInHint: '开发环境登录：选择角色和所属单位，以演示用户身份登录。',
  productionSignInHint: '请通过本单位统一身份认证登录。',
  oidcSignIn: '统一身份认证',
  role: '角色',
  department: '部门',
  unit: '单位',
  chooseRole: '请选择角色',
  chooseDepartment: '请选择部门',
  chooseUnit: '请选择单位',
  loading: '加载中…',
  empty: '暂无数据',
  retry: '重试',
  loadFailed: '加载失败',
  notFound: '页面不存在',
  backHome: '返回首页',
  forbidden: '您无权查看此页面',
  save: '保存',
  cancel: '取消',
  confirm: '确定',
  actionFailed: '操作未成功',
  open: '打开',
  view: '查看',
  actions: '操作',
  refresh: '刷新',
  overdue: '已逾期',
  due: '截止时间',
  status: '状态',
  fiscalYear: '年度',
  projectName: '项目名称',
  total: '总计',
  unitTotalHint: '单位：万元',
  reason: '理由',
  comments: '意见',
  print: '打印',
} as const;

/** Why a sign-in through the organisation's identity provider came back without a session (/login?error=…). */
export const SIGN_IN_ERRORS = {
  state: '登录已超时或已在其他窗口完成，请重新登录。',
  denied: '统一身份认证未完成登录，请重新登录。',
  role: '您的统一身份认证账号没有本系统的角色（或有多个），请联系系统管理员。',
  failed: '登录未成功，请重新登录。',
  unavailable: '统一身份认证服务暂时不可用，请稍后重试。',
} as const;

export { REMINDER, TABLE } from './table';
export { AUDIT } from './audit';
export { ADMIN } from './admin';
export { REVIEW } from './review';
export { DELEGATION } from './delegation';
export { FILL, FILL_TEMPLATE } from './fill';
