/**
 * Lambda entry point of the task runner: one invocation runs one slice of one task. The payload carries
 * identifiers only (connector, task, generation); the time budget is the invocation's remaining time.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { createRuntimeFromEnv, type Runtime } from '../../lib/runtime/compose.js';
import { createSliceMetrics } from './metrics.js';
import { createLogger } from '../../lib/runtime/logger.js';
import { isTaskInvocation } from '../../lib/scheduler/invocation.js';
import type { SliceReport, TaskRunner } from '../../lib/worker/task-runner.js';

export type TaskRunnerHandler = (
  event: unknown,
  context: Pick<Context, 'getRemainingTimeInMillis'>,
) => Promise<SliceReport>;

export function createTaskRunnerHandler(
  runtime: Runtime,
  runner: TaskRunner = runtime.taskRunner(),
): TaskRunnerHandler {
  return async (event, context) => {
    if (!isTaskInvocation(event)) throw new TypeError(`Not a task invocation: ${JSON.stringify(event)}`);
    return runner.run(event, context.getRemainingTimeInMillis());
  };
}

// Slices filter their own lines by the levels set through /admin/loggers (root INFO until set).
const { logger, log } = createLogger('task-runner', 'DEBUG');
let run: TaskRunnerHandler | undefined;

export const handler = middy<unknown, SliceReport>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event, context) => {
    if (run === undefined) {
      const runtime = await createRuntimeFromEnv(log);
      run = createTaskRunnerHandler(runtime, runtime.taskRunner({ onSlice: createSliceMetrics() }));
    }
    return run(event, context);
  });
