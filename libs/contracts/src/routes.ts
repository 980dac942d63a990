import type { z } from 'zod';
import { healthSchema } from './common';
import * as deadLetters from './dead-letters';
import * as intake from './intake';
import * as reporting from './reporting';
import * as review from './review';
import { ROUTE_TABLE as T, type RouteAddress, type ServiceName } from './route-table';

export type { HttpMethod, RouteAddress, ServiceName } from './route-table';

/**
 * One route of one service: where it answers (its entry of ROUTE_TABLE), what it takes and what
 * it answers; the OpenAPI documents, the services' request checks and the client are made from these.
 */
export interface RouteContract extends RouteAddress {
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  readonly response?: z.ZodType;
  /** The media types of a file answer, when not those of the export. */
  readonly fileTypes?: readonly string[];
  readonly status: number;
  /** No bearer token needed. */
  readonly public?: true;
}

const route = <const R extends RouteContract>(r: R): R => r;

/** Every service with Kafka consumers: their dead letters, listed and replayed. */
const deadLetterRoutes = <const S extends ServiceName>(service: S) => ({
  deadLetters: route({ ...T[service].deadLetters, tag: '死信', summary: '本服务的消费者无法处理的消息（最新在前；审计、管理员）；all=true 含重建时的死信', query: deadLetters.deadLettersQuery, response: deadLetters.deadLetterList, status: 200 }),
  replayDeadLetters: route({ ...T[service].replayDeadLetters, tag: '死信', summary: '重新处理等待中的死信（管理员）：成功的标为已重放，仍失败的留下新的原因', body: deadLetters.replayDeadLettersBody, response: deadLetters.replayResults, status: 200 }),
});

export const ROUTES = {
  intake: {
    health: route({ ...T.intake.health, tag: '运行状态', summary: '服务与 PostgreSQL、发件箱的状态', response: healthSchema, status: 200, public: true }),
    live: route({ ...T.intake.live, tag: '运行状态', summary: '进程存活（存活探针）', response: healthSchema, status: 200, public: true }),
    ready: route({ ...T.intake.ready, tag: '运行状态', summary: '可以接收请求：PostgreSQL 可用（就绪探针；Kafka 状态仅供参考）', response: healthSchema, status: 200, public: true }),
    openapi: route({ ...T.intake.openapi, tag: '运行状态', summary: '本服务的 OpenAPI 3.1 文档', status: 200, public: true }),
    ...deadLetterRoutes('intake'),
    listSheets: route({ ...T.intake.listSheets, tag: '绩效目标表', summary: '列出本人权限范围内的绩效目标表', query: intake.listSheetsQuery, response: intake.sheetList, status: 200 }),
    getSheet: route({ ...T.intake.getSheet, tag: '绩效目标表', summary: '一张绩效目标表：当前状态与版本', response: intake.sheetView, status: 200 }),
    sheetEvents: route({ ...T.intake.sheetEvents, tag: '绩效目标表', summary: '绩效目标表的事件流（含哈希）', response: intake.sheetEvents, status: 200 }),
    createSheet: route({ ...T.intake.createSheet, tag: '填报', summary: '新建草稿（填报人：本单位）；金额单位万元，总计由系统计算', body: intake.createSheetBody, response: intake.sheetView, status: 201 }),
    editSheet: route({ ...T.intake.editSheet, tag: '填报', summary: '修改项目名称、绩效目标、资金（任意几项）', body: intake.editSheetBody, response: intake.sheetView, status: 200 }),
    addIndicator: route({ ...T.intake.addIndicator, tag: '填报', summary: '添加绩效指标', body: intake.addIndicatorBody, response: intake.sheetView, status: 201 }),
    changeIndicator: route({ ...T.intake.changeIndicator, tag: '填报', summary: '修改绩效指标', body: intake.changeIndicatorBody, response: intake.sheetView, status: 200 }),
    removeIndicator: route({ ...T.intake.removeIndicator, tag: '填报', summary: '删除绩效指标', query: intake.removeIndicatorQuery, response: intake.sheetView, status: 200 }),
    reorderIndicators: route({ ...T.intake.reorderIndicators, tag: '填报', summary: '调整绩效指标顺序', body: intake.reorderIndicatorsBody, response: intake.sheetView, status: 200 }),
    submitSheet: route({ ...T.intake.submitSheet, tag: '填报', summary: '提交审核（可对阻断性审核发现申请豁免）', body: intake.submitSheetBody, response: intake.sheetView, status: 200 }),
    withdrawSheet: route({ ...T.intake.withdrawSheet, tag: '填报', summary: '撤回提交（审核开始前）', body: intake.withdrawSheetBody, response: intake.sheetView, status: 200 }),
    reopenSheet: route({ ...T.intake.reopenSheet, tag: '填报', summary: '重新开放已通过的绩效目标表（财政），记录原因', body: intake.reopenSheetBody, response: intake.sheetView, status: 200 }),
    carryForwardSheet: route({ ...T.intake.carryForwardSheet, tag: '填报', summary: '结转至下一年度（持续性项目）：以已批复的绩效目标表为内容新建下一年度的草稿，记录来源；重复结转答 409', body: intake.carryForwardSheetBody, response: intake.sheetView, status: 201 }),
    carryForwardDepartment: route({ ...T.intake.carryForwardDepartment, tag: '填报', summary: '整个部门结转至下一年度（主管部门审核人、管理员）：该年度每个已批复项目新建下一年度的草稿；已结转的不再重复', body: intake.carryForwardDepartmentBody, response: intake.carryForwardSummary, status: 200 }),
    sendBatchReminder: route({ ...T.intake.sendBatchReminder, tag: '填报', summary: '催办（本部门的部门审核人）：向该年度尚有未报送绩效目标表（草稿、退回修改）的每个单位发送催办通知；截止日期已过或无未报送的单位答 409', body: intake.sendBatchReminderBody, response: intake.batchReminderResult, status: 200 }),
    importTable: route({ ...T.intake.importTable, tag: '导入', summary: '导入已公开的项目支出绩效目标表（纯文本），生成草稿；可重复导入', query: intake.importQuery, response: intake.importSummary, status: 200 }),
    downloadFillTemplate: route({ ...T.intake.downloadFillTemplate, tag: '填报', summary: '下载填报模板（xlsx）：本单位该年度可修改的草稿，每个指标一行，一级、二级指标为下拉选择，金额为万元数字', query: intake.fillTemplateQuery, fileTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], status: 200 }),
    uploadFillTemplate: route({ ...T.intake.uploadFillTemplate, tag: '填报', summary: '上传填写后的填报模板：新建或修改本单位的草稿；下载后已被他人修改的项目作为冲突报告、不作修改；重复上传不再改变任何内容', query: intake.fillTemplateUploadQuery, response: intake.fillTemplateResult, status: 200 }),
    listDepartments: route({ ...T.intake.listDepartments, tag: '组织机构', summary: '部门及其单位（按顺序，限本人权限范围）', response: intake.departmentList, status: 200 }),
    getDepartment: route({ ...T.intake.getDepartment, tag: '组织机构', summary: '一个部门及其单位', response: intake.departmentView, status: 200 }),
    registerDepartment: route({ ...T.intake.registerDepartment, tag: '组织机构', summary: '登记部门（管理员）', body: intake.registerDepartmentBody, response: intake.departmentView, status: 201 }),
    addUnit: route({ ...T.intake.addUnit, tag: '组织机构', summary: '为部门添加单位（管理员、本部门审核人）', body: intake.addUnitBody, response: intake.departmentView, status: 201 }),
  },
  review: {
    health: route({ ...T.review.health, tag: '运行状态', summary: '服务与 PostgreSQL、消息的状态', response: healthSchema, status: 200, public: true }),
    live: route({ ...T.review.live, tag: '运行状态', summary: '进程存活（存活探针）', response: healthSchema, status: 200, public: true }),
    ready: route({ ...T.review.ready, tag: '运行状态', summary: '可以接收请求：PostgreSQL 可用（就绪探针；Kafka 状态仅供参考）', response: healthSchema, status: 200, public: true }),
    openapi: route({ ...T.review.openapi, tag: '运行状态', summary: '本服务的 OpenAPI 3.1 文档', status: 200, public: true }),
    ...deadLetterRoutes('review'),
    tasks: route({ ...T.review.tasks, tag: '审核', summary: '待我审核的事项（本级、本组织，及受托代审的委托人的事项，最早到期在前）', query: review.tasksQuery, response: review.taskList, status: 200 }),
    listReviews: route({ ...T.review.listReviews, tag: '审核', summary: '审核记录（限本人权限范围）', query: review.listReviewsQuery, response: review.reviewList, status: 200 }),
    getReview: route({ ...T.review.getReview, tag: '审核', summary: '一次审核：审核发现、各级记录、与上一轮相比的变化', response: review.reviewView, status: 200 }),
    acknowledgeWarnings: route({ ...T.review.acknowledgeWarnings, tag: '审核', summary: '确认警告（省略 findingKeys 为本级全部未确认的警告）', body: review.acknowledgeWarningsBody, response: review.reviewView, status: 200 }),
    decideWaiver: route({ ...T.review.decideWaiver, tag: '审核', summary: '同意或不同意豁免（有豁免权的环节）', body: review.decideWaiverBody, response: review.reviewView, status: 200 }),
    approve: route({ ...T.review.approve, tag: '审核', summary: '本级审核通过（非最后一级）', body: review.approveBody, response: review.reviewView, status: 200 }),
    requestRevision: route({ ...T.review.requestRevision, tag: '审核', summary: '退回修改（按字段或按审核发现提出意见）', body: review.requestRevisionBody, response: review.reviewView, status: 200 }),
    grade: route({ ...T.review.grade, tag: '审核', summary: '评定等级（最后一级）：优、良通过，中退回修改，差本年度不予通过', body: review.gradeBody, response: review.reviewView, status: 200 }),
    getSignOffChain: route({ ...T.review.getSignOffChain, tag: '审核流程', summary: '部门的审核流程：环节、豁免权、办理时限', response: review.signOffChainView, status: 200 }),
    setSignOffChain: route({ ...T.review.setSignOffChain, tag: '审核流程', summary: '配置部门的审核流程（财政、管理员）；对此后开启的审核生效', body: review.setSignOffChainBody, response: review.signOffChainView, status: 200 }),
    grantDelegation: route({ ...T.review.grantDelegation, tag: '代理审批', summary: '委托代理审批：同一角色、同一单位（部门）的人员在一段日期内代本人审核（本人或管理员）', body: review.grantDelegationBody, response: review.delegationView, status: 201 }),
    revokeDelegation: route({ ...T.review.revokeDelegation, tag: '代理审批', summary: '撤销代理审批（委托人本人或管理员），须说明理由', body: review.revokeDelegationBody, response: review.delegationView, status: 200 }),
    listDelegations: route({ ...T.review.listDelegations, tag: '代理审批', summary: '代理审批：本人委托的和受托的；管理员、审计可按部门查看全部', query: review.delegationsQuery, response: review.delegationList, status: 200 }),
    getLocalCalendar: route({ ...T.review.getLocalCalendar, tag: '工作日', summary: '本地区一年的工作日安排：每天是否上班及原因、已收录的年份、本地安排（管理员）', query: review.localCalendarQuery, response: review.localCalendarYear, status: 200 }),
    setLocalCalendarDay: route({ ...T.review.setLocalCalendarDay, tag: '工作日', summary: '设置本地放假或本地上班（管理员）；对此后开启的待办生效', body: review.setLocalCalendarDayBody, response: review.localCalendarYear, status: 200 }),
    clearLocalCalendarDay: route({ ...T.review.clearLocalCalendarDay, tag: '工作日', summary: '取消一天的本地安排，恢复法定安排（管理员）', body: review.clearLocalCalendarDayBody, response: review.localCalendarYear, status: 200 }),
    sweepDeadlines: route({ ...T.review.sweepDeadlines, tag: '工作日', summary: '立即检查到期提醒与逾期督办（管理员）；每个提醒、督办只记录与发送一次', body: review.sweepDeadlinesBody, response: review.sweepResult, status: 200 }),
    inbox: route({ ...T.review.inbox, tag: '通知', summary: '我的通知（最新在前）与未读数', query: review.inboxQuery, response: review.inboxPage, status: 200 }),
    markRead: route({ ...T.review.markRead, tag: '通知', summary: '标记已读（{ ids } 或 { all: true }）', body: review.markReadBody, response: review.markReadResult, status: 200 }),
    putContact: route({ ...T.review.putContact, tag: '通知', summary: '登记或更新联系人：角色或督办职务（部门负责人、财政科室负责人）、组织、电子邮箱（管理员）', body: review.contactBody, response: review.contactView, status: 200 }),
    putWebhook: route({ ...T.review.putWebhook, tag: '通知', summary: '登记或更新组织的 Webhook（管理员）；推送带 X-Budget-Signature 签名', body: review.webhookBody, response: review.webhookView, status: 200 }),
    webhookDeadLetters: route({ ...T.review.webhookDeadLetters, tag: '通知', summary: '投递失败的 Webhook（管理员）', query: review.webhookDeadLettersQuery, response: review.webhookDeadLetters, status: 200 }),
    retryWebhookDeadLetter: route({ ...T.review.retryWebhookDeadLetter, tag: '通知', summary: '重新投递一条失败的 Webhook（管理员）', response: review.retryResult, status: 200 }),
    deliveries: route({ ...T.review.deliveries, tag: '通知', summary: '由一个事件产生的全部投递（管理员、审计）', query: review.deliveriesQuery, response: review.deliveries, status: 200 }),
  },
  reporting: {
    health: route({ ...T.reporting.health, tag: '运行状态', summary: '服务、PostgreSQL 与消费进度的状态', response: healthSchema, status: 200, public: true }),
    live: route({ ...T.reporting.live, tag: '运行状态', summary: '进程存活（存活探针）', response: healthSchema, status: 200, public: true }),
    ready: route({ ...T.reporting.ready, tag: '运行状态', summary: '可以接收请求：PostgreSQL 可用（就绪探针；Kafka 状态仅供参考）', response: healthSchema, status: 200, public: true }),
    openapi: route({ ...T.reporting.openapi, tag: '运行状态', summary: '本服务的 OpenAPI 3.1 文档', status: 200, public: true }),
    ...deadLetterRoutes('reporting'),
    departments: route({ ...T.reporting.departments, tag: '汇总表', summary: '可查看的部门、单位与预算年度', response: reporting.reportingDepartments, status: 200 }),
    table: route({ ...T.reporting.table, tag: '汇总表', summary: '部门的项目支出绩效目标表（JSON），当前或截至某一时间点', query: reporting.tableQuery, response: reporting.reportTable, status: 200 }),
    export: route({ ...T.reporting.export, tag: '汇总表', summary: '导出汇总表文件（txt、csv、xlsx、html）', query: reporting.exportQuery, status: 200 }),
    diff: route({ ...T.reporting.diff, tag: '汇总表', summary: '两个时间点之间汇总表的差异', query: reporting.diffQuery, response: reporting.tableDiff, status: 200 }),
    progress: route({ ...T.reporting.progress, tag: '汇总表', summary: '每张绩效目标表的状态与所在环节', query: reporting.progressQuery, response: reporting.progressList, status: 200 }),
    history: route({ ...T.reporting.history, tag: '审计', summary: '绩效目标表的变更记录（含审核）', response: reporting.sheetHistory, status: 200 }),
    departmentHistory: route({ ...T.reporting.departmentHistory, tag: '审计', summary: '部门的变更记录：登记、单位与审核流程的修改（谁、何时、原 → 新）', response: reporting.departmentHistory, status: 200 }),
    verify: route({ ...T.reporting.verify, tag: '审计', summary: '校验全部哈希链（审计、财政、管理员）', response: reporting.verifyResult, status: 200 }),
    status: route({ ...T.reporting.status, tag: '审计', summary: '报表副本的代次、位置、事件数与死信数', response: reporting.reportingStatus, status: 200 }),
    events: route({ ...T.reporting.events, tag: '审计', summary: '报表副本中的事件，按副本顺序分页', query: reporting.eventsQuery, response: reporting.copiedEvents, status: 200 }),
    checkpoints: route({ ...T.reporting.checkpoints, tag: '审计', summary: '已签名的检查点（审计、财政、管理员）', query: reporting.checkpointsQuery, response: reporting.checkpointList, status: 200 }),
    signCheckpoints: route({ ...T.reporting.signCheckpoints, tag: '审计', summary: '立即为变动过的范围签名检查点（管理员）', response: reporting.signingRun, status: 201 }),
    publicKey: route({ ...T.reporting.publicKey, tag: '审计', summary: '检查点与导出签名的 Ed25519 公钥（公开）', response: reporting.publicKeyView, status: 200, public: true }),
    exportSignature: route({ ...T.reporting.exportSignature, tag: '汇总表', summary: '导出文件的签名（.sig），可离线核验', response: reporting.exportSignature, status: 200 }),
    startRebuild: route({ ...T.reporting.startRebuild, tag: '重建', summary: '从 Kafka 偏移量 0 重建报表副本（管理员）；立即返回 202', response: reporting.rebuildReport, status: 202 }),
    rebuildStatus: route({ ...T.reporting.rebuildStatus, tag: '重建', summary: '进行中或最近一次重建的进度与校验和比较', response: reporting.rebuildReport, status: 200 }),
    publish: route({ ...T.reporting.publish, tag: '公开', summary: '公开本部门本年度的汇总表（部门审核人）；第2版起为更正，须说明理由', body: reporting.publishBody, response: reporting.publishedAnswer, status: 201 }),
    publications: route({ ...T.reporting.publications, tag: '公开', summary: '已公开的版本（已发布／更正）：谁、何时、校验值', query: reporting.publicationsQuery, response: reporting.publicationList, status: 200 }),
    publishedDiff: route({ ...T.reporting.publishedDiff, tag: '公开', summary: '两个公开版本之间的差异', query: reporting.publishedDiffQuery, response: reporting.publishedDiff, status: 200 }),
    publishedExport: route({ ...T.reporting.publishedExport, tag: '公开', summary: '按公开时的原样导出某一公开版本（txt、csv、xlsx、html）', query: reporting.publishedExportQuery, status: 200 }),
    reopenPublished: route({ ...T.reporting.reopenPublished, tag: '公开', summary: '公开后重新开放一张绩效目标表（财政），须说明理由', body: reporting.reopenPublishedBody, response: reporting.publishedSheetReopened, status: 200 }),
  },
} as const;

export type Routes = typeof ROUTES;

export function routesOf(service: ServiceName): RouteContract[] {
  return Object.values(ROUTES[service]) as RouteContract[];
}
