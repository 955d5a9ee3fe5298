/**
 * Lambda entry point of the scheduler: run by EventBridge Scheduler every minute and kicked
 * asynchronously by the REST API after a change. Each invocation is one reconcile tick.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import { createRuntimeFromEnv, type Runtime } from '../../lib/runtime/compose.js';
import { createLogger } from '../../lib/runtime/logger.js';
import type { TickReport } from '../../lib/scheduler/scheduler.js';
import { createTickMetrics } from './metrics.js';

export function createSchedulerHandler(runtime: Runtime, onTick?: (report: TickReport) => void): () => Promise<TickReport> {
  const scheduler = runtime.scheduler();
  return async () => {
    const report = await scheduler.tick();
    onTick?.(report);
    return report;
  };
}

const { logger, log } = createLogger('scheduler');
let tick: (() => Promise<TickReport>) | undefined;

export const handler = middy<unknown, TickReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async () => {
  tick ??= createSchedulerHandler(await createRuntimeFromEnv(log), createTickMetrics());
  return tick();
});
