/**
 * Lambda entry point of the scheduler: run by EventBridge Scheduler every minute and kicked
 * asynchronously by the REST API after a change. Each invocation is one reconcile tick; a scheduled
 * tick then stays up for its minute to start interval-mode connectors' tasks (lib/scheduler/cadence.ts).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { Env, optionalEnv } from '../../lib/config/env.js';
import { isScheduledTick } from '../../lib/config/schedule.js';
import { createRuntimeFromEnv, type Runtime } from '../../lib/runtime/compose.js';
import { createLogger } from '../../lib/runtime/logger.js';
import { runSubTicks, SUB_TICK_MARGIN_MS } from '../../lib/scheduler/cadence.js';
import type { TickReport } from '../../lib/scheduler/scheduler.js';
import { createTickMetrics } from './metrics.js';

export interface SchedulerHandlerOptions {
  readonly onTick?: (report: TickReport) => void;
  /** The scheduled tick's interval (ms): sub-ticks stop before the next one. Default one minute. */
  readonly tickMs?: number;
  /** Ends a running sub-tick loop (the local stack stopping); Lambda ends it with the invocation. */
  readonly signal?: AbortSignal;
}

export type SchedulerHandler = (
  event?: unknown,
  context?: Pick<Context, 'getRemainingTimeInMillis'>,
) => Promise<TickReport>;

export function createSchedulerHandler(runtime: Runtime, options: SchedulerHandlerOptions = {}): SchedulerHandler {
  const scheduler = runtime.scheduler();
  const tickMs = options.tickMs ?? 60_000;
  return async (event, context) => {
    const startedAt = Date.now();
    const report = await scheduler.tick();
    options.onTick?.(report);
    if (isScheduledTick(event)) {
      const deadline = Math.min(startedAt + tickMs, Date.now() + (context?.getRemainingTimeInMillis() ?? tickMs));
      const { signal } = options;
      await runSubTicks({
        pass: (select) => scheduler.tick(select),
        startedAt,
        until: deadline - SUB_TICK_MARGIN_MS,
        now: Date.now,
        sleep: (ms) => sleep(ms, undefined, signal === undefined ? {} : { signal }),
        ...(signal === undefined ? {} : { signal }),
      }).catch((error: unknown) => {
        if (!signal?.aborted) throw error;
      });
    }
    return report;
  };
}

const { logger, log } = createLogger('scheduler');
let tick: SchedulerHandler | undefined;

export const handler = middy<unknown, TickReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => {
    const rate = Number(optionalEnv(Env.SCHEDULE_RATE_MS) ?? 60_000);
    tick ??= createSchedulerHandler(await createRuntimeFromEnv(log), {
      onTick: createTickMetrics(),
      tickMs: Number.isFinite(rate) && rate > 0 ? rate : 60_000,
    });
    return tick(event, context);
  });
