import type { z } from 'zod';
import { healthSchema } from './common';
import * as intake from './intake';
import * as reporting from './reporting';
import * as review from './review';

export type ServiceName = 'intake' | 'review' | 'reporting';
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** One route of one service: what it takes and what it answers; the OpenAPI documents and the client are made from these. */
export interface RouteContract {
  readonly service: ServiceName;
  readonly method: HttpMethod;
  /** Express style: `/sheets/:sheetId`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType;
  /** The body is text (the published table), not JSON. */
  readonly textBody?: true;
  /** The body is an Excel workbook (.xlsx bytes), not JSON. */
  readonly xlsxBody?: true;
  /** If-Match carries the version the client saw, as an alternative to expectedVersion. */
  readonly ifMatch?: true;
  /** A file (the export), not JSON. */
  readonly file?: true;
  /** The media types of the file, when not those of the export. */
  readonly fileTypes?: readonly string[];
  readonly response?: z.ZodType;
  readonly status: number;
  /** No bearer token needed. */
  readonly public?: true;
}

const route = <const R extends RouteContract>(r: R): R => r;

export const ROUTES = {
  intake: {
    health: route({ service: 'intake', method: 'GET', path: '/health', tag: '运行状态', summary: '服务与 PostgreSQL、发件箱的状态', response: healthSchema, status: 200, public: true }),
    openapi: route({ service: 'intake', method: 'GET', path: '/openapi.json', tag: '运行状态', summary: '本服务的 OpenAPI 3.1 文档', status: 200, public: true }),
    listSheets: route({ service: 'intake', method: 'GET', path: '/sheets', tag: '绩效目标表', summary: '列出本人权限范围内的绩效目标表', query: intake.listSheetsQuery, response: intake.sheetList, status: 200 }),
    getSheet: route({ service: 'intake', method: 'GET', path: '/sheets/:sheetId', tag: '绩效目标表', summary: '一张绩效目标表：当前状态与版本', response: intake.sheetView, status: 200 }),
    sheetEvents: route({ service: 'intake', method: 'GET', path: '/sheets/:sheetId/events', tag: '绩效目标表', summary: '绩效目标表的事件流（含哈希）', response: intake.sheetEvents, status: 200 }),
    createSheet: route({ service: 'intake', method: 'POST', path: '/sheets', tag: '填报', summary: '新建草稿（填报人：本单位）；金额单位万元，总计由系统计算', body: intake.createSheetBody, response: intake.sheetView, status: 201 }),
    editSheet: route({ service: 'intake', method: 'PATCH', path: '/sheets/:sheetId', tag: '填报', summary: '修改项目名称、绩效目标、资金（任意几项）', body: intake.editSheetBody, ifMatch: true, response: intake.sheetView, status: 200 }),
    addIndicator: route({ service: 'intake', method: 'POST', path: '/sheets/:sheetId/indicators', tag: '填报', summary: '添加绩效指标', body: intake.addIndicatorBody, ifMatch: true, response: intake.sheetView, status: 201 }),
    changeIndicator: route({ service: 'intake', method: 'PATCH', path: '/sheets/:sheetId/indicators/:indicatorId', tag: '填报', summary: '修改绩效指标', body: intake.changeIndicatorBody, ifMatch: true, response: intake.sheetView, status: 200 }),
    removeIndicator: route({ service: 'intake', method: 'DELETE', path: '/sheets/:sheetId/indicators/:indicatorId', tag: '填报', summary: '删除绩效指标', query: intake.removeIndicatorQuery, ifMatch: true, response: intake.sheetView, status: 200 }),
    reorderIndicators: route({ service: 'intake', method: 'PUT', path: '/sheets/:sheetId/indicators/order', tag: '填报', summary: '调整绩效指标顺序', body: intake.reorderIndicatorsBody, ifMatch: true, response: intake.sheetView, status: 200 }),
    submitSheet: route({ service: 'intake', method: 'POST', path: '/sheets/:sheetId/submit', tag: '填报', summary: '提交审核（可对阻断性审核发现申请豁免）', body: intake.submitSheetBody, ifMatch: true, response: intake.sheetView, status: 200 }),
    withdrawSheet: route({ service: 'intake', method: 'POST', path: '/sheets/:sheetId/withdraw', tag: '填报', summary: '撤回提交（审核开始前）', body: intake.withdrawSheetBody, ifMatch: true, response: intake.sheetView, status: 200 }),
    reopenSheet: route({ service: 'intake', method: 'POST', path: '/sheets/:sheetId/reopen', tag: '填报', summary: '重新开放已通过的绩效目标表（财政），记录原因', body: intake.reopenSheetBody, ifMatch: true, response: intake.sheetView, status: 200 }),
    importTable: route({ service: 'intake', method: 'POST', path: '/imports', tag: '导入', summary: '导入已公开的项目支出绩效目标表（纯文本），生成草稿；可重复导入', query: intake.importQuery, textBody: true, response: intake.importSummary, status: 200 }),
    downloadFillTemplate: route({ service: 'intake', method: 'GET', path: '/fill-template', tag: '填报', summary: '下载填报模板（xlsx）：本单位该年度可修改的草稿，每个指标一行，一级、二级指标为下拉选择，金额为万元数字', query: intake.fillTemplateQuery, file: true, fileTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'], status: 200 }),
    uploadFillTemplate: route({ service: 'intake', method: 'POST', path: '/fill-template', tag: '填报', summary: '上传填写后的填报模板：新建或修改本单位的草稿；下载后已被他人修改的项目作为冲突报告、不作修改；重复上传不再改变任何内容', query: intake.fillTemplateUploadQuery, xlsxBody: true, response: intake.fillTemplateResult, status: 200 }),
    listDepartments: route({ service: 'intake', method: 'GET', path: '/departments', tag: '组织机构', summary: '部门及其单位（按顺序，限本人权限范围）', response: intake.departmentList, status: 200 }),
    getDepartment: route({ service: 'intake', method: 'GET', path: '/departments/:departmentId', tag: '组织机构', summary: '一个部门及其单位', response: intake.departmentView, status: 200 }),
    registerDepartment: route({ service: 'intake', method: 'POST', path: '/departments', tag: '组织机构', summary: '登记部门（管理员）', body: intake.registerDepartmentBody, response: intake.departmentView, status: 201 }),
    addUnit: route({ service: 'intake', method: 'POST', path: '/departments/:departmentId/units', tag: '组织机构', summary: '为部门添加单位（管理员、本部门审核人）', body: intake.addUnitBody, response: intake.departmentView, status: 201 }),
  },
  review: {
    health: route({ service: 'review', method: 'GET', path: '/health', tag: '运行状态', summary: '服务与 PostgreSQL、消息的状态', response: healthSchema, status: 200, public: true }),
    openapi: route({ service: 'review', method: 'GET', path: '/openapi.json', tag: '运行状态', summary: '本服务的 OpenAPI 3.1 文档', status: 200, public: true }),
    tasks: route({ service: 'review', method: 'GET', path: '/tasks', tag: '审核', summary: '待我审核的事项（本级、本组织，最早到期在前）', query: review.tasksQuery, response: review.reviewList, status: 200 }),
    listReviews: route({ service: 'review', method: 'GET', path: '/reviews', tag: '审核', summary: '审核记录（限本人权限范围）', query: review.listReviewsQuery, response: review.reviewList, status: 200 }),
    getReview: route({ service: 'review', method: 'GET', path: '/reviews/:reviewId', tag: '审核', summary: '一次审核：审核发现、各级记录、与上一轮相比的变化', response: review.reviewView, status: 200 }),
    acknowledgeWarnings: route({ service: 'review', method: 'POST', path: '/reviews/:reviewId/acknowledge-warnings', tag: '审核', summary: '确认警告（省略 findingKeys 为本级全部未确认的警告）', body: review.acknowledgeWarningsBody, ifMatch: true, response: review.reviewView, status: 200 }),
    decideWaiver: route({ service: 'review', method: 'POST', path: '/reviews/:reviewId/waivers', tag: '审核', summary: '同意或不同意豁免（有豁免权的环节）', body: review.decideWaiverBody, ifMatch: true, response: review.reviewView, status: 200 }),
    approve: route({ service: 'review', method: 'POST', path: '/reviews/:reviewId/approve', tag: '审核', summary: '本级审核通过（非最后一级）', body: review.approveBody, ifMatch: true, response: review.reviewView, status: 200 }),
    requestRevision: route({ service: 'review', method: 'POST', path: '/reviews/:reviewId/request-revision', tag: '审核', summary: '退回修改（按字段或按审核发现提出意见）', body: review.requestRevisionBody, ifMatch: true, response: review.reviewView, status: 200 }),
    grade: route({ service: 'review', method: 'POST', path: '/reviews/:reviewId/grade', tag: '审核', summary: '评定等级（最后一级）：优、良通过，中退回修改，差本年度不予通过', body: review.gradeBody, ifMatch: true, response: review.reviewView, status: 200 }),
    getSignOffChain: route({ service: 'review', method: 'GET', path: '/departments/:departmentId/sign-off-chain', tag: '审核流程', summary: '部门的审核流程：环节、豁免权、办理时限', response: review.signOffChainView, status: 200 }),
    setSignOffChain: route({ service: 'review', method: 'PUT', path: '/departments/:departmentId/sign-off-chain', tag: '审核流程', summary: '配置部门的审核流程（财政、管理员）；对此后开启的审核生效', body: review.setSignOffChainBody, response: review.signOffChainView, status: 200 }),
    inbox: route({ service: 'review', method: 'GET', path: '/inbox', tag: '通知', summary: '我的通知（最新在前）与未读数', query: review.inboxQuery, response: review.inboxPage, status: 200 }),
    markRead: route({ service: 'review', method: 'POST', path: '/inbox/read', tag: '通知', summary: '标记已读（{ ids } 或 { all: true }）', body: review.markReadBody, response: review.markReadResult, status: 200 }),
    putContact: route({ service: 'review', method: 'PUT', path: '/contacts/:userId', tag: '通知', summary: '登记或更新联系人：角色、组织、电子邮箱（管理员）', body: review.contactBody, response: review.contactView, status: 200 }),
    putWebhook: route({ service: 'review', method: 'PUT', path: '/webhooks/:id', tag: '通知', summary: '登记或更新组织的 Webhook（管理员）；推送带 X-Budget-Signature 签名', body: review.webhookBody, response: review.webhookView, status: 200 }),
    webhookDeadLetters: route({ service: 'review', method: 'GET', path: '/webhooks/dead-letters', tag: '通知', summary: '投递失败的 Webhook（管理员）', query: review.webhookDeadLettersQuery, response: review.webhookDeadLetters, status: 200 }),
    retryWebhookDeadLetter: route({ service: 'review', method: 'POST', path: '/webhooks/dead-letters/:id/retry', tag: '通知', summary: '重新投递一条失败的 Webhook（管理员）', response: review.retryResult, status: 200 }),
    deliveries: route({ service: 'review', method: 'GET', path: '/notifications', tag: '通知', summary: '由一个事件产生的全部投递（管理员、审计）', query: review.deliveriesQuery, response: review.deliveries, status: 200 }),
  },
  reporting: {
    health: route({ service: 'reporting', method: 'GET', path: '/health', tag: '运行状态', summary: '服务、PostgreSQL 与消费进度的状态', response: healthSchema, status: 200, public: true }),
    openapi: route({ service: 'reporting', method: 'GET', path: '/openapi.json', tag: '运行状态', summary: '本服务的 OpenAPI 3.1 文档', status: 200, public: true }),
    departments: route({ service: 'reporting', method: 'GET', path: '/departments', tag: '汇总表', summary: '可查看的部门、单位与预算年度', response: reporting.reportingDepartments, status: 200 }),
    table: route({ service: 'reporting', method: 'GET', path: '/table', tag: '汇总表', summary: '部门的项目支出绩效目标表（JSON），当前或截至某一时间点', query: reporting.tableQuery, response: reporting.reportTable, status: 200 }),
    export: route({ service: 'reporting', method: 'GET', path: '/export', tag: '汇总表', summary: '导出汇总表文件（txt、csv、xlsx、html）', query: reporting.exportQuery, file: true, status: 200 }),
    diff: route({ service: 'reporting', method: 'GET', path: '/diff', tag: '汇总表', summary: '两个时间点之间汇总表的差异', query: reporting.diffQuery, response: reporting.tableDiff, status: 200 }),
    progress: route({ service: 'reporting', method: 'GET', path: '/progress', tag: '汇总表', summary: '每张绩效目标表的状态与所在环节', query: reporting.progressQuery, response: reporting.progressList, status: 200 }),
    history: route({ service: 'reporting', method: 'GET', path: '/sheets/:sheetId/history', tag: '审计', summary: '绩效目标表的变更记录（含审核）', response: reporting.sheetHistory, status: 200 }),
    verify: route({ service: 'reporting', method: 'GET', path: '/verify', tag: '审计', summary: '校验全部哈希链（审计、财政、管理员）', response: reporting.verifyResult, status: 200 }),
    status: route({ service: 'reporting', method: 'GET', path: '/status', tag: '审计', summary: '报表副本的代次、位置、事件数与死信数', response: reporting.reportingStatus, status: 200 }),
    events: route({ service: 'reporting', method: 'GET', path: '/events', tag: '审计', summary: '报表副本中的事件，按副本顺序分页', query: reporting.eventsQuery, response: reporting.copiedEvents, status: 200 }),
    deadLetters: route({ service: 'reporting', method: 'GET', path: '/dead-letters', tag: '审计', summary: '投影无法处理的消息（最新在前）', query: reporting.deadLettersQuery, response: reporting.reportingDeadLetters, status: 200 }),
    startRebuild: route({ service: 'reporting', method: 'POST', path: '/rebuild', tag: '重建', summary: '从 Kafka 偏移量 0 重建报表副本（管理员）；立即返回 202', response: reporting.rebuildReport, status: 202 }),
    rebuildStatus: route({ service: 'reporting', method: 'GET', path: '/rebuild', tag: '重建', summary: '进行中或最近一次重建的进度与校验和比较', response: reporting.rebuildReport, status: 200 }),
  },
} as const;

export type Routes = typeof ROUTES;

export function routesOf(service: ServiceName): RouteContract[] {
  return Object.values(ROUTES[service]) as RouteContract[];
}
