/**
 * The Connect REST API routes, each a thin call into the herder. Paths, methods, status codes and bodies
 * follow Apache Kafka Connect 4.3.1 (see docs/rest-api.md and docs/compatibility.md).
 */
import type { RestServices } from '../../lib/herder/rest-services.js';
import { BadRequestError, ConnectRestError } from '../../lib/herder/errors.js';
import { HealthCheckError } from '../../lib/runtime/health.js';
import { TargetState } from '../../lib/stores/model.js';
import { configMap, createConnectorRequest } from './request-body.js';
import { OPENAPI_DOCUMENT } from './openapi.js';
import { json, noContent } from './responses.js';
import { Router, type Request } from './router.js';

export function connectRoutes(services: RestServices, baseUrl: (request: Request) => string): Router {
  const { herder, offsets, plugins, loggers } = services;
  const router = new Router();
  router.on('GET', '/', async () => json(200, await herder.serverInfo()));

  router.on('GET', '/connectors', async (req) => {
    const expand = req.query['expand'] ?? [];
    if (expand.length === 0) return json(200, await herder.connectorNames());
    return json(
      200,
      await herder.expandedConnectors({ status: expand.includes('status'), info: expand.includes('info') }),
    );
  });
  router.on('POST', '/connectors', async (req) => {
    const body = createConnectorRequest(req.body());
    const info = await herder.createConnector(body.name, body.config, body.initialState);
    return json(201, info, { Location: `${baseUrl(req)}/connectors/${locationSegment(info.name)}` });
  });

  router.on('GET', '/connectors/{name}', async (req) => json(200, await herder.connectorInfo(param(req, 'name'))));
  router.on('DELETE', '/connectors/{name}', async (req) => {
    await herder.deleteConnector(param(req, 'name'));
    return noContent();
  });
  router.on('GET', '/connectors/{name}/config', async (req) =>
    json(200, await herder.connectorConfig(param(req, 'name'))),
  );
  router.on('PUT', '/connectors/{name}/config', async (req) => {
    const name = param(req, 'name');
    const { created, info } = await herder.putConnectorConfig(name, configMap(req.body(), 'The request body'));
    return created
      ? json(201, info, { Location: `${baseUrl(req)}/connectors/${locationSegment(name)}` })
      : json(200, info);
  });
  router.on('PATCH', '/connectors/{name}/config', async (req) =>
    json(200, await herder.patchConnectorConfig(param(req, 'name'), configMap(req.body(), 'The request body'))),
  );
  router.on('GET', '/connectors/{name}/status', async (req) =>
    json(200, await herder.connectorStatus(param(req, 'name'))),
  );
  router.on('GET', '/connectors/{name}/tasks', async (req) => json(200, await herder.taskConfigs(param(req, 'name'))));
  // `GET /connectors/{n}/tasks-config` (deprecated in 3.7) is gone in Connect 4.x: it answers 404 there too.
  router.on('GET', '/connectors/{name}/tasks/{task}/status', async (req) =>
    json(200, await herder.taskStatus(param(req, 'name'), taskId(req))),
  );
  router.on('POST', '/connectors/{name}/tasks/{task}/restart', async (req) => {
    await herder.restartTask(param(req, 'name'), taskId(req));
    return noContent();
  });
  router.on('POST', '/connectors/{name}/restart', async (req) => {
    const plan = await herder.restartConnector(param(req, 'name'), flag(req, 'includeTasks'), flag(req, 'onlyFailed'));
    return plan === null ? noContent() : json(202, plan);
  });
  router.on('PUT', '/connectors/{name}/pause', async (req) => {
    await herder.setTargetState(param(req, 'name'), TargetState.PAUSED);
    return noContent(202);
  });
  router.on('PUT', '/connectors/{name}/resume', async (req) => {
    await herder.setTargetState(param(req, 'name'), TargetState.STARTED);
    return noContent(202);
  });
  router.on('PUT', '/connectors/{name}/stop', async (req) => {
    await herder.setTargetState(param(req, 'name'), TargetState.STOPPED);
    return noContent(204);
  });
  router.on('GET', '/connectors/{name}/topics', async (req) =>
    json(200, await herder.activeTopics(param(req, 'name'))),
  );
  router.on('PUT', '/connectors/{name}/topics/reset', async (req) => {
    await herder.resetActiveTopics(param(req, 'name'));
    return noContent(202);
  });
  router.on('GET', '/connectors/{name}/offsets', async (req) => json(200, await offsets.get(param(req, 'name'))));
  router.on('PATCH', '/connectors/{name}/offsets', async (req) =>
    json(200, await offsets.alter(param(req, 'name'), req.body())),
  );
  router.on('DELETE', '/connectors/{name}/offsets', async (req) => json(200, await offsets.reset(param(req, 'name'))));

  // `Boolean.valueOf` with a default of true: any value but "true" (any case) lists every plugin type.
  router.on('GET', '/connector-plugins', async (req) =>
    json(200, plugins.list((req.query['connectorsOnly']?.[0] ?? 'true').toLowerCase() === 'true')),
  );
  router.on('GET', '/connector-plugins/{plugin}/config', async (req) =>
    json(200, plugins.config(param(req, 'plugin'), req.query['version']?.[0])),
  );
  router.on('PUT', '/connector-plugins/{plugin}/config/validate', async (req) =>
    json(200, plugins.validate(param(req, 'plugin'), configMap(req.body(), 'The request body'))),
  );

  router.on('GET', '/admin/loggers', async () => json(200, await loggers.all()));
  router.on('GET', '/admin/loggers/{logger}', async (req) => json(200, await loggers.get(param(req, 'logger'))));
  router.on('PUT', '/admin/loggers/{logger}', async (req) => {
    const affected = await loggers.set(param(req, 'logger'), req.body(), req.query['scope']?.[0]);
    return affected === null ? noContent(204) : json(200, affected);
  });

  router.on('GET', '/health', async () => {
    try {
      await services.health();
    } catch (error) {
      // Connect answers a stuck worker with 500; a dependency that is down is a retry-later answer here.
      const detail = error instanceof HealthCheckError ? ` ${error.message}` : '';
      return json(503, {
        status: 'unhealthy',
        message: `Worker was unable to handle this request and may be unable to handle other requests.${detail}`,
      });
    }
    return json(200, { status: 'healthy', message: 'Worker has completed startup and is ready to handle requests.' });
  });
  // Not a Connect path (Connect answers 404 there): the API's own description, decision 0011.
  router.on('GET', '/openapi.json', async () => json(200, OPENAPI_DOCUMENT));
  return router;
}

function param(req: Request, name: string): string {
  const value = req.params[name];
  if (value === undefined) throw new BadRequestError(`Missing path parameter ${name}`);
  return value;
}

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/** A task id must be a Java int; anything else is an unknown route, as JAX-RS answers. */
function taskId(req: Request): number {
  const raw = param(req, 'task');
  const id = /^[-+]?\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isInteger(id) || id < INT_MIN || id > INT_MAX) throw new ConnectRestError(404, 'HTTP 404 Not Found');
  return id;
}

/** The name in a `Location` path as Connect's URI builder writes it: percent-encoded, `/` kept. */
function locationSegment(name: string): string {
  return encodeURIComponent(name).replaceAll('%2F', '/');
}

/** `Boolean.valueOf`: only "true" (any case) is true. */
function flag(req: Request, name: string): boolean {
  return (req.query[name]?.[0] ?? '').toLowerCase() === 'true';
}
