/**
 * An OpenAPI 3.1 document for the whole REST API, served at `GET /openapi.json` (a path Connect 4.3.1
 * does not have: it answers 404 there). Written for lambda-connect from the answers Connect 4.3.1 and we
 * give; the differential suite validates every recorded answer of both against it
 * (test/differential/openapi-check.ts). Schemas use JSON Schema type lists for nullable values.
 */

type Schema = Readonly<Record<string, unknown>>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const nullable = (type: string): Schema => ({ type: [type, 'null'] });
// Config values are strings; a key set to null is stored and answered as null (by Connect too).
const stringMap: Schema = { type: 'object', additionalProperties: { type: ['string', 'null'] } };

const SCHEMAS: Readonly<Record<string, Schema>> = {
  ErrorMessage: {
    type: 'object',
    required: ['error_code', 'message'],
    properties: { error_code: { type: 'integer' }, message: nullable('string') },
    additionalProperties: false,
  },
  ServerInfo: {
    type: 'object',
    required: ['version', 'commit', 'kafka_cluster_id'],
    properties: { version: { type: 'string' }, commit: { type: 'string' }, kafka_cluster_id: nullable('string') },
  },
  Health: {
    type: 'object',
    required: ['status', 'message'],
    properties: { status: { type: 'string' }, message: { type: 'string' } },
  },
  ConnectorConfig: stringMap,
  ConnectorTaskId: {
    type: 'object',
    required: ['connector', 'task'],
    properties: { connector: { type: 'string' }, task: { type: 'integer' } },
    additionalProperties: false,
  },
  ConnectorType: { type: 'string', enum: ['source', 'sink', 'unknown'] },
  ConnectorInfo: {
    type: 'object',
    required: ['name', 'config', 'tasks'],
    properties: {
      name: { type: 'string' },
      config: ref('ConnectorConfig'),
      tasks: { type: 'array', items: ref('ConnectorTaskId') },
      type: ref('ConnectorType'),
    },
    additionalProperties: false,
  },
  CreateConnectorRequest: {
    type: 'object',
    required: ['config'],
    properties: {
      name: { type: 'string' },
      config: ref('ConnectorConfig'),
      initial_state: { type: 'string', enum: ['RUNNING', 'PAUSED', 'STOPPED'] },
    },
  },
  State: { type: 'string', enum: ['UNASSIGNED', 'RUNNING', 'PAUSED', 'STOPPED', 'FAILED', 'RESTARTING', 'DESTROYED'] },
  ConnectorState: {
    type: 'object',
    required: ['state', 'worker_id'],
    properties: {
      state: ref('State'),
      worker_id: nullable('string'),
      trace: { type: 'string' },
      version: { type: 'string' },
    },
  },
  TaskState: {
    type: 'object',
    required: ['id', 'state', 'worker_id'],
    properties: {
      id: { type: 'integer' },
      state: ref('State'),
      worker_id: nullable('string'),
      trace: { type: 'string' },
      version: { type: 'string' },
    },
  },
  ConnectorStateInfo: {
    type: 'object',
    required: ['name', 'connector', 'tasks'],
    properties: {
      name: { type: 'string' },
      connector: ref('ConnectorState'),
      tasks: { type: 'array', items: ref('TaskState') },
      type: ref('ConnectorType'),
    },
  },
  ExpandedConnectors: {
    type: 'object',
    additionalProperties: {
      type: 'object',
      properties: { status: ref('ConnectorStateInfo'), info: ref('ConnectorInfo') },
      additionalProperties: false,
    },
  },
  TaskInfo: {
    type: 'object',
    required: ['id', 'config'],
    properties: { id: ref('ConnectorTaskId'), config: stringMap },
  },
  ActiveTopics: {
    type: 'object',
    additionalProperties: {
      type: 'object',
      required: ['topics'],
      properties: { topics: { type: 'array', items: { type: 'string' } } },
    },
  },
  ConnectorOffsets: {
    type: 'object',
    required: ['offsets'],
    properties: {
      offsets: {
        type: 'array',
        items: {
          type: 'object',
          required: ['partition', 'offset'],
          properties: { partition: { type: 'object' }, offset: { type: ['object', 'null'] } },
        },
      },
    },
  },
  Message: { type: 'object', required: ['message'], properties: { message: { type: 'string' } } },
  PluginInfo: {
    type: 'object',
    required: ['class', 'type'],
    properties: {
      class: { type: 'string' },
      type: {
        type: 'string',
        enum: ['source', 'sink', 'converter', 'header_converter', 'transformation', 'predicate'],
      },
      version: { type: 'string' },
    },
    additionalProperties: false,
  },
  ConfigKeyInfo: {
    type: 'object',
    required: [
      'name',
      'type',
      'required',
      'importance',
      'documentation',
      'order_in_group',
      'width',
      'display_name',
      'dependents',
    ],
    properties: {
      name: { type: 'string' },
      type: { type: 'string' },
      required: { type: 'boolean' },
      default_value: nullable('string'),
      importance: { type: 'string' },
      documentation: nullable('string'),
      group: nullable('string'),
      order_in_group: { type: 'integer' },
      width: { type: 'string' },
      display_name: nullable('string'),
      dependents: { type: 'array', items: { type: 'string' } },
    },
  },
  ConfigValueInfo: {
    type: 'object',
    required: ['name', 'value', 'recommended_values', 'errors', 'visible'],
    properties: {
      name: { type: 'string' },
      value: nullable('string'),
      recommended_values: { type: 'array', items: { type: 'string' } },
      errors: { type: 'array', items: { type: 'string' } },
      visible: { type: 'boolean' },
    },
  },
  ConfigInfos: {
    type: 'object',
    required: ['name', 'error_count', 'groups', 'configs'],
    properties: {
      name: { type: 'string' },
      error_count: { type: 'integer' },
      groups: { type: 'array', items: { type: 'string' } },
      configs: {
        type: 'array',
        items: {
          type: 'object',
          required: ['definition', 'value'],
          properties: {
            definition: { oneOf: [ref('ConfigKeyInfo'), { type: 'null' }] },
            value: ref('ConfigValueInfo'),
          },
        },
      },
    },
  },
  LoggerLevel: {
    type: 'object',
    required: ['level', 'last_modified'],
    properties: { level: { type: 'string' }, last_modified: nullable('integer') },
    additionalProperties: false,
  },
  Loggers: { type: 'object', additionalProperties: ref('LoggerLevel') },
};

interface Answer {
  readonly description: string;
  readonly schema?: Schema;
}

const json = (description: string, schema: Schema): Answer => ({ description, schema });
const empty = (description: string): Answer => ({ description });
const ERROR = json("Connect's error body", ref('ErrorMessage'));

function operation(summary: string, answers: Readonly<Record<string, Answer>>, body?: Schema): Schema {
  const responses = Object.fromEntries(
    [...Object.entries(answers), ['default', ERROR] as const].map(([status, a]) => [
      status,
      a.schema === undefined
        ? { description: a.description }
        : { description: a.description, content: { 'application/json': { schema: a.schema } } },
    ]),
  );
  return {
    summary,
    ...(body === undefined
      ? {}
      : { requestBody: { required: true, content: { 'application/json': { schema: body } } } }),
    responses,
  };
}

const name = { name: 'name', in: 'path', required: true, schema: { type: 'string' } };
const task = { name: 'task', in: 'path', required: true, schema: { type: 'integer' } };
const query = (n: string, schema: Schema = { type: 'string' }) => ({ name: n, in: 'query', required: false, schema });

const PATHS: Readonly<Record<string, Schema>> = {
  '/': {
    get: operation('Worker version, commit and Kafka cluster id', { 200: json('Server info', ref('ServerInfo')) }),
  },
  '/health': {
    get: operation('Whether the worker can serve requests', {
      200: json('Healthy', ref('Health')),
      500: json('Unhealthy', ref('Health')),
    }),
  },
  '/connectors': {
    get: {
      ...operation('Connector names, or with `expand=status` / `expand=info` a map of them', {
        200: json('Names or expanded connectors', {
          oneOf: [{ type: 'array', items: { type: 'string' } }, ref('ExpandedConnectors')],
        }),
      }),
      parameters: [query('expand', { type: 'array', items: { type: 'string', enum: ['status', 'info'] } })],
    },
    post: operation(
      'Create a connector',
      { 201: json('Created (Location header)', ref('ConnectorInfo')) },
      ref('CreateConnectorRequest'),
    ),
  },
  '/connectors/{name}': {
    parameters: [name],
    get: operation('Connector info', { 200: json('Info', ref('ConnectorInfo')) }),
    delete: operation('Delete a connector', { 204: empty('Deleted') }),
  },
  '/connectors/{name}/config': {
    parameters: [name],
    get: operation('Connector config', { 200: json('Config', ref('ConnectorConfig')) }),
    put: operation(
      'Create or replace the config',
      { 200: json('Replaced', ref('ConnectorInfo')), 201: json('Created', ref('ConnectorInfo')) },
      ref('ConnectorConfig'),
    ),
    patch: operation(
      'Merge into the config (null removes a key)',
      { 200: json('Patched', ref('ConnectorInfo')) },
      { type: 'object', additionalProperties: { type: ['string', 'null'] } },
    ),
  },
  '/connectors/{name}/status': {
    parameters: [name],
    get: operation('Connector and task states', { 200: json('Status', ref('ConnectorStateInfo')) }),
  },
  '/connectors/{name}/restart': {
    parameters: [name, query('includeTasks', { type: 'boolean' }), query('onlyFailed', { type: 'boolean' })],
    post: operation('Restart the connector (and tasks)', {
      202: json('Restart plan', ref('ConnectorStateInfo')),
      204: empty('Restarted (no options)'),
    }),
  },
  '/connectors/{name}/pause': { parameters: [name], put: operation('Pause', { 202: empty('Accepted') }) },
  '/connectors/{name}/resume': { parameters: [name], put: operation('Resume', { 202: empty('Accepted') }) },
  '/connectors/{name}/stop': {
    parameters: [name],
    put: operation('Stop (tasks shut down, offsets alterable)', { 204: empty('Stopped') }),
  },
  '/connectors/{name}/tasks': {
    parameters: [name],
    get: operation('Task configs', { 200: json('Tasks', { type: 'array', items: ref('TaskInfo') }) }),
  },
  '/connectors/{name}/tasks/{task}/status': {
    parameters: [name, task],
    get: operation('Task state', { 200: json('State', ref('TaskState')) }),
  },
  '/connectors/{name}/tasks/{task}/restart': {
    parameters: [name, task],
    post: operation('Restart one task', { 204: empty('Restarted') }),
  },
  '/connectors/{name}/topics': {
    parameters: [name],
    get: operation('Active topics', { 200: json('Topics', ref('ActiveTopics')) }),
  },
  '/connectors/{name}/topics/reset': {
    parameters: [name],
    put: operation('Reset active topics', { 202: empty('Accepted') }),
  },
  '/connectors/{name}/offsets': {
    parameters: [name],
    get: operation('Committed offsets', { 200: json('Offsets', ref('ConnectorOffsets')) }),
    patch: operation(
      'Alter offsets of a STOPPED connector',
      { 200: json('Altered', ref('Message')) },
      ref('ConnectorOffsets'),
    ),
    delete: operation('Reset offsets of a STOPPED connector', { 200: json('Reset', ref('Message')) }),
  },
  '/connector-plugins': {
    get: {
      ...operation('Installed plugins', { 200: json('Plugins', { type: 'array', items: ref('PluginInfo') }) }),
      parameters: [query('connectorsOnly', { type: 'boolean' })],
    },
  },
  '/connector-plugins/{plugin}/config': {
    parameters: [{ name: 'plugin', in: 'path', required: true, schema: { type: 'string' } }, query('version')],
    get: operation("A plugin's config definitions", {
      200: json('Definitions', { type: 'array', items: ref('ConfigKeyInfo') }),
    }),
  },
  '/connector-plugins/{plugin}/config/validate': {
    parameters: [{ name: 'plugin', in: 'path', required: true, schema: { type: 'string' } }],
    put: operation(
      'Validate a connector config',
      { 200: json('Validation result', ref('ConfigInfos')) },
      ref('ConnectorConfig'),
    ),
  },
  '/admin/loggers': { get: operation('Every known logger and its level', { 200: json('Loggers', ref('Loggers')) }) },
  '/admin/loggers/{logger}': {
    parameters: [
      { name: 'logger', in: 'path', required: true, schema: { type: 'string' } },
      query('scope', { type: 'string' }),
    ],
    get: operation("One logger's level", { 200: json('Level', ref('LoggerLevel')) }),
    put: operation(
      'Set the level of a logger namespace',
      {
        200: json('Loggers whose level changed (worker scope)', { type: 'array', items: { type: 'string' } }),
        204: empty('Applied cluster-wide (scope=cluster)'),
      },
      { type: 'object', required: ['level'], properties: { level: { type: 'string' } } },
    ),
  },
  '/openapi.json': {
    get: {
      summary: 'This document',
      responses: {
        200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  },
};

export const OPENAPI_DOCUMENT = {
  openapi: '3.1.0',
  info: {
    title: 'lambda-connect REST API',
    version: '4.3.1',
    description:
      'The Apache Kafka Connect 4.3.1 REST API as lambda-connect serves it; differences are listed in docs/compatibility.md.',
  },
  paths: PATHS,
  components: { schemas: SCHEMAS },
} as const;
