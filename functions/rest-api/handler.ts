/**
 * Lambda entry point of the Connect REST API (API Gateway REST API proxy events). A thin adapter: the
 * composition happens once per cold start; each request goes to `createRestApi`.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { createRuntimeFromEnv, type Runtime } from '../../lib/runtime/compose.js';
import { createLogger } from '../../lib/runtime/logger.js';
import { createRestApi, type RestApi } from './api.js';

export function createRestHandler(runtime: Runtime): RestApi {
  return createRestApi(runtime.restServices(), {
    log: runtime.log,
    ...(runtime.config.corsAllowOrigin === undefined ? {} : { corsAllowOrigin: runtime.config.corsAllowOrigin }),
  });
}

const { logger, log } = createLogger('rest-api');
let api: RestApi | undefined;

export const handler = middy<APIGatewayProxyEvent, APIGatewayProxyResult>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => {
    api ??= createRestHandler(await createRuntimeFromEnv(log));
    return api(event);
  });
