import { z } from 'zod';
import { errorBodySchema } from './common';
import { type RouteContract, routesOf, type ServiceName } from './routes';

const INFO: Record<ServiceName, { title: string; description: string }> = {
  intake: {
    title: '填报服务（intake）：预算绩效目标表',
    description: '资金使用单位填报、修改、提交、撤回绩效目标表；导入已公开的汇总表；部门与单位。金额以万元为单位的精确小数文本传输，内部以分（整数）存储，总计由系统计算。',
  },
  review: {
    title: '审核服务（review）：审核、待办与通知',
    description: '规则审核、逐级审核（单位负责人 → 主管部门 → 财政部门）、豁免与确认警告、评定等级；待办、通知、联系人与 Webhook。',
  },
  reporting: {
    title: '汇总服务（reporting）：项目支出绩效目标表与审计',
    description: '部门汇总表（JSON 与 txt、csv、xlsx、html 导出），截至任一时间点的汇总表与两个时间点的差异，变更记录，哈希链校验，重建。',
  },
};

const ERRORS: Record<string, string> = {
  '400': '输入有误（逐字段说明见 fieldErrors）',
  '401': '缺少或无效的登录凭证（Bearer JWT）',
  '403': '角色或所属组织无权进行此操作',
  '404': '不存在',
  '409': '版本已过期（响应中有 currentVersion）或当前状态不允许此操作',
};

/** `/sheets/:sheetId` → `/sheets/{sheetId}` */
export const openApiPath = (path: string): string => path.replace(/:(\w+)/g, '{$1}');
export const pathParams = (path: string): string[] => [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);

type Json = Record<string, unknown>;

/**
 * Schemas with an id (`.meta({ id })`) go to components and are referenced; JSON Schema 2020-12
 * is what OpenAPI 3.1 speaks.
 */
function schemaOf(schema: z.ZodType, io: 'input' | 'output', components: Json): Json {
  const generated = z.toJSONSchema(schema, { io, target: 'draft-2020-12', unrepresentable: 'any', reused: 'inline' });
  const json = JSON.parse(JSON.stringify(generated).replaceAll('"#/$defs/', '"#/components/schemas/')) as Json & { $defs?: Record<string, Json> };
  const { $schema: _drop, $defs, ...rest } = json;
  for (const [id, def] of Object.entries($defs ?? {})) components[id] ??= def;
  if (typeof rest.id === 'string') {
    const id = rest.id;
    delete rest.id;
    components[id] ??= rest;
    return { $ref: `#/components/schemas/${id}` };
  }
  return rest;
}

function queryParameters(query: z.ZodType | undefined, components: Json): Json[] {
  if (!query) return [];
  const json = schemaOf(query, 'input', components) as { properties?: Record<string, Json>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return { name, in: 'query', required: (json.required ?? []).includes(name), ...(description ? { description } : {}), schema: rest };
  });
}

function operation(route: RouteContract, components: Json): Json {
  const parameters: Json[] = [
    ...pathParams(route.path).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
    ...queryParameters(route.query, components),
    ...(route.ifMatch ? [{ name: 'If-Match', in: 'header', required: false, description: '您看到的版本号（可代替 expectedVersion）', schema: { type: 'string' } }] : []),
  ];
  const requestBody = route.xlsxBody
    ? {
        required: true,
        content: {
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', contentMediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', description: '填写后的填报模板（Excel 工作簿）' } },
        },
      }
    : route.textBody
    ? {
        required: true,
        content: {
          'text/plain': { schema: { type: 'string', description: '项目支出绩效目标表（已公开的版式及其变体，UTF-8 文本）' } },
          'text/csv': { schema: { type: 'string', description: '同上，逗号分隔（Excel 另存为 CSV）' } },
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', contentMediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', description: 'Excel 工作簿' } },
        },
      }
    : route.body
      ? { required: true, content: { 'application/json': { schema: schemaOf(route.body, 'input', components) } } }
      : undefined;
  const success = route.file
    ? {
        description: '文件（附件）',
        content: Object.fromEntries(
          (route.fileTypes ?? ['text/plain', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'text/html']).map((t) => [t, { schema: { type: 'string', contentMediaType: t } }]),
        ),
      }
    : route.response
      ? { description: '成功', content: { 'application/json': { schema: schemaOf(route.response, 'output', components) } } }
      : { description: '成功', content: { 'application/json': { schema: { type: 'object' } } } };
  const errors = Object.fromEntries(
    Object.entries(ERRORS)
      .filter(([code]) => !(route.public && (code === '401' || code === '403')))
      .map(([code, description]) => [code, { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } }]),
  );
  return {
    operationId: `${route.method.toLowerCase()}${openApiPath(route.path).replace(/[^\w]+(\w)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    ...(route.public ? { security: [] } : {}),
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(requestBody ? { requestBody } : {}),
    responses: { [String(route.status)]: success, ...errors },
  };
}

/** The OpenAPI 3.1 document of one service, made from its route contracts. */
export function openApiDocument(service: ServiceName): Json {
  const components: Json = {};
  const paths: Record<string, Json> = {};
  for (const route of routesOf(service)) {
    const path = openApiPath(route.path);
    paths[path] = { ...paths[path], [route.method.toLowerCase()]: operation(route, components) };
  }
  schemaOf(errorBodySchema, 'output', components);
  return {
    openapi: '3.1.0',
    info: { ...INFO[service], version: '1.0.0' },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    security: [{ bearer: [] }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'HS256；声明 sub、role，组织内角色另有 departmentId、unitId' } },
      schemas: components,
    },
  };
}
