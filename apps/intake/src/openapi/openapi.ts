/** The intake API, described by hand: the routes are few and their bodies are checked by hand too. */
const error = { $ref: '#/components/schemas/Error' };
const errors = {
  '400': { description: '输入有误 (field-level errors in fieldErrors)', content: { 'application/json': { schema: error } } },
  '401': { description: 'missing or invalid bearer token', content: { 'application/json': { schema: error } } },
  '403': { description: 'role or organisation does not allow this', content: { 'application/json': { schema: error } } },
  '404': { description: 'not found', content: { 'application/json': { schema: error } } },
  '409': { description: 'stale expectedVersion (currentVersion in the body) or a command that does not fit the state', content: { 'application/json': { schema: error } } },
};
const sheetResponse = { description: 'the sheet after the change', content: { 'application/json': { schema: { $ref: '#/components/schemas/Sheet' } } } };
const sheetId = { name: 'sheetId', in: 'path', required: true, schema: { type: 'string' } };
const ifMatch = { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'the version the client saw (alternative to expectedVersion)' };
const amount = { oneOf: [{ type: 'string', pattern: '^\\d+(\\.\\d{1,4})?$' }, { type: 'number' }], description: '万元, at most 4 decimals, ≥ 0' };
const indicatorInput = {
  type: 'object',
  required: ['level1', 'level2', 'name', 'annualTarget'],
  properties: {
    indicatorId: { type: 'string' },
    level1: { type: 'string', example: '1-产出指标' },
    level2: { type: 'string', example: '11-数量指标' },
    name: { type: 'string', example: '帮扶党内关爱扶助对象' },
    periodTarget: { type: 'string', example: '≥100人' },
    annualTarget: { type: 'string', example: '≥100人' },
  },
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.0.3',
  info: {
    title: 'Intake: performance target sheets (预算绩效目标填报)',
    version: '1.0.0',
    description: 'Units draft, edit, submit and withdraw performance target sheets; published tables are imported as drafts. Every route but /health and /openapi.json needs a bearer JWT (claims: sub, role, departmentId, unitId).',
  },
  security: [{ bearer: [] }],
  paths: {
    '/health': { get: { security: [], summary: 'liveness and PostgreSQL/outbox state', responses: { '200': { description: 'up' }, '503': { description: 'down' } } } },
    '/sheets': {
      get: {
        summary: 'list sheets within the caller’s scope',
        parameters: ['departmentId', 'unitId', 'status', 'fiscalYear', 'limit', 'offset'].map((name) => ({ name, in: 'query', required: false, schema: { type: 'string' } })),
        responses: { '200': { description: '{ items, total, limit, offset }' }, ...errors },
      },
      post: {
        summary: 'create a draft (unit clerk: own unit)',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['fiscalYear', 'projectName', 'funding'],
                properties: {
                  fiscalYear: { type: 'integer', example: 2024 },
                  unitId: { type: 'string', description: 'defaults to the clerk’s own unit' },
                  projectName: { type: 'string' },
                  funding: { $ref: '#/components/schemas/FundingInput' },
                  goal: { type: 'string' },
                  indicators: { type: 'array', items: indicatorInput },
                },
              },
            },
          },
        },
        responses: { '201': sheetResponse, ...errors },
      },
    },
    '/sheets/{sheetId}': {
      get: { summary: 'one sheet: current state and version', parameters: [sheetId], responses: { '200': sheetResponse, ...errors } },
      patch: {
        summary: 'edit project name, goal and/or funding',
        parameters: [sheetId, ifMatch],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: { expectedVersion: { type: 'integer' }, projectName: { type: 'string' }, goal: { type: 'string' }, funding: { $ref: '#/components/schemas/FundingInput' } },
              },
            },
          },
        },
        responses: { '200': sheetResponse, ...errors },
      },
    },
    '/sheets/{sheetId}/events': { get: { summary: 'the sheet’s event stream (envelopes with hash chain)', parameters: [sheetId], responses: { '200': { description: '{ sheetId, events }' }, ...errors } } },
    '/sheets/{sheetId}/indicators': {
      post: {
        summary: 'add an indicator',
        parameters: [sheetId, ifMatch],
        requestBody: { content: { 'application/json': { schema: { allOf: [indicatorInput, { type: 'object', properties: { expectedVersion: { type: 'integer' }, position: { type: 'integer' } } }] } } } },
        responses: { '200': sheetResponse, ...errors },
      },
    },
    '/sheets/{sheetId}/indicators/{indicatorId}': {
      patch: {
        summary: 'change fields of an indicator',
        parameters: [sheetId, { name: 'indicatorId', in: 'path', required: true, schema: { type: 'string' } }, ifMatch],
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { expectedVersion: { type: 'integer' }, ...indicatorInput.properties } } } } },
        responses: { '200': sheetResponse, ...errors },
      },
      delete: {
        summary: 'remove an indicator',
        parameters: [sheetId, { name: 'indicatorId', in: 'path', required: true, schema: { type: 'string' } }, { name: 'expectedVersion', in: 'query', schema: { type: 'integer' } }, ifMatch],
        responses: { '200': sheetResponse, ...errors },
      },
    },
    '/sheets/{sheetId}/indicators/order': {
      put: {
        summary: 'reorder indicators (a permutation of their ids)',
        parameters: [sheetId, ifMatch],
        requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['indicatorIds'], properties: { expectedVersion: { type: 'integer' }, indicatorIds: { type: 'array', items: { type: 'string' } } } } } } },
        responses: { '200': sheetResponse, ...errors },
      },
    },
    '/sheets/{sheetId}/submit': {
      post: {
        summary: 'submit for review (unit clerk), optionally asking to waive blocking findings',
        parameters: [sheetId, ifMatch],
        requestBody: {
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  expectedVersion: { type: 'integer' },
                  waiverRequests: { type: 'array', items: { type: 'object', required: ['ruleId', 'reason'], properties: { ruleId: { type: 'string', example: 'S01' }, field: { type: 'string' }, reason: { type: 'string' } } } },
                },
              },
            },
          },
        },
        responses: { '200': sheetResponse, ...errors },
      },
    },
    '/sheets/{sheetId}/withdraw': {
      post: {
        summary: 'withdraw a submission before review has started',
        parameters: [sheetId, ifMatch],
        requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { expectedVersion: { type: 'integer' }, reason: { type: 'string' } } } } } },
        responses: { '200': sheetResponse, ...errors },
      },
    },
    '/sheets/{sheetId}/reopen': {
      post: {
        summary: 'reopen an approved (frozen) sheet for changes (finance reviewer), with the reason recorded',
        parameters: [sheetId, ifMatch],
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['reason'], properties: { expectedVersion: { type: 'integer' }, reason: { type: 'string' } } } } } },
        responses: { '200': sheetResponse, ...errors },
      },
    },
    '/imports': {
      post: {
        summary: 'import a published table (reference layout and its variants, as text or .xlsx) as drafts; idempotent',
        parameters: [{ name: 'fiscalYear', in: 'query', required: true, schema: { type: 'integer' } }],
        requestBody: {
          required: true,
          content: {
            'text/plain': { schema: { type: 'string' } },
            'text/csv': { schema: { type: 'string' } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: { type: 'string', format: 'binary' } },
          },
        },
        responses: { '200': { description: 'summary: department, units with totals and project counts, grand total, issues' }, ...errors },
      },
    },
    '/departments': {
      get: { summary: 'departments and their units within the caller’s scope', responses: { '200': { description: '{ items }' }, ...errors } },
      post: { summary: 'register a department (admin)', requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } } }, responses: { '201': { description: 'the department' }, ...errors } },
    },
    '/departments/{departmentId}': { get: { summary: 'one department with its units in order', parameters: [{ name: 'departmentId', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'the department' }, ...errors } } },
    '/departments/{departmentId}/units': {
      post: {
        summary: 'add a unit (admin, or the department’s reviewer)',
        parameters: [{ name: 'departmentId', in: 'path', required: true, schema: { type: 'string' } }],
        requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' } } } } } },
        responses: { '201': { description: 'the department' }, ...errors },
      },
    },
  },
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    schemas: {
      Error: {
        type: 'object',
        properties: {
          statusCode: { type: 'integer' },
          code: { type: 'string' },
          message: { type: 'string' },
          fieldErrors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } } } },
          currentVersion: { type: 'integer' },
        },
      },
      FundingInput: {
        type: 'object',
        description: '总计 is derived and must not be sent',
        properties: { fiscalAppropriation: amount, specialAccountAppropriation: amount, otherFunds: amount },
      },
      Sheet: {
        type: 'object',
        properties: {
          sheetId: { type: 'string' },
          version: { type: 'integer' },
          status: { type: 'string', enum: ['draft', 'submitted', 'under_review', 'revision_requested', 'approved', 'rejected'] },
          fiscalYear: { type: 'integer' },
          departmentId: { type: 'string' },
          unitId: { type: 'string' },
          projectName: { type: 'string' },
          funding: { type: 'object', description: '万元 as exact decimal text, with total' },
          fundingFen: { type: 'object', description: 'the same in 分 (integers)' },
          goal: { type: 'string' },
          indicators: { type: 'array', items: { type: 'object' } },
        },
      },
    },
  },
} as const;
